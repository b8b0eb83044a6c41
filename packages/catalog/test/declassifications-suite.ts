import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Catalog,
  findDeclassificationApproval,
  getDeclassificationApproval,
  listAudit,
  listDeclassificationApprovals,
  listVersions,
  type PublishRequest,
  publishVersion,
  recordDeclassificationApproval,
  revokeDeclassificationApproval,
} from '../src/index.js';

/** Governance approvals of declassifications and their use by a publish, on every store. */
export function declassificationsSuite(catalogOf: () => Catalog): void {
  describe('declassification approvals', () => {
    const product = 'sales.contacts';
    const email = { column: 'email', from: 'pii', to: 'internal' };
    const phone = { column: 'phone', from: 'pii', to: null };
    const publish = (version: string, overrides: Partial<PublishRequest> = {}): PublishRequest => ({
      address: product,
      domain: 'sales',
      name: 'Contacts',
      description: 'Every contact.',
      status: 'active',
      version,
      contentHash: `hash-${version}`,
      descriptor: { id: 'contacts' },
      contracts: [{ id: 'urn:sales:contacts' }],
      docs: null,
      publishedBy: 'owner@example.com',
      ...overrides,
    });
    const approve = (overrides: Partial<Parameters<typeof recordDeclassificationApproval>[1]> = {}) =>
      recordDeclassificationApproval(catalogOf().db, {
        product,
        version: '2.0.0',
        columns: [email],
        reason: 'The addresses are role accounts, not people.',
        approvedBy: 'gov@example.com',
        ...overrides,
      });
    beforeAll(async () => {
      await publishVersion(catalogOf().db, publish('1.0.0'));
    });

    it('records an approval, audited, and lists it open', async () => {
      const approval = await approve({ columns: [phone, email], requestId: 'req-1' });
      expect(approval).toMatchObject({
        product,
        version: '2.0.0',
        contentHash: null,
        columns: [email, phone],
        approvedBy: 'gov@example.com',
        state: 'open',
        usedVersion: null,
      });
      expect(await getDeclassificationApproval(catalogOf().db, approval.id)).toEqual(approval);
      expect(
        (await listDeclassificationApprovals(catalogOf().db, { product, state: 'open' })).map((a) => a.id),
      ).toEqual([approval.id]);
      const [entry] = (await listAudit(catalogOf().db, { action: 'declassification.approve', limit: 1 })).items;
      expect(entry).toMatchObject({
        actor: 'gov@example.com',
        target: product,
        outcome: 'ok',
        requestId: 'req-1',
        details: { approval: approval.id, version: '2.0.0', columns: [email, phone] },
      });
      await revokeDeclassificationApproval(catalogOf().db, approval.id, 'gov@example.com');
    });

    it('refuses an approval without exactly one target, a reason or columns, or for an unknown product', async () => {
      await expect(approve({ contentHash: 'h' })).rejects.toMatchObject({ name: 'InputError' });
      await expect(approve({ version: null })).rejects.toMatchObject({ name: 'InputError' });
      await expect(approve({ reason: '  ' })).rejects.toMatchObject({
        name: 'InputError',
        details: { field: 'reason' },
      });
      await expect(approve({ columns: [] })).rejects.toMatchObject({ name: 'InputError' });
      await expect(approve({ columns: [email, { ...email, to: 'public' }] })).rejects.toMatchObject({
        message: 'column "email" is named twice; name each column once',
      });
      await expect(approve({ product: 'sales.nope' })).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('finds only an open approval covering the publish exactly: version or content hash, the same columns and levels', async () => {
      const db = catalogOf().db;
      const byVersion = await approve();
      const byHash = await approve({ version: null, contentHash: 'hash-x', columns: [phone] });
      const at = (version: string, columns: (typeof email | typeof phone)[], contentHash = `hash-${version}`) =>
        findDeclassificationApproval(db, { product, version, contentHash, columns });
      expect((await at('2.0.0', [email]))?.id).toBe(byVersion.id);
      expect((await at('2.5.0', [phone], 'hash-x'))?.id).toBe(byHash.id);
      expect(await at('3.0.0', [email])).toBeUndefined(); // another version
      expect(await at('2.0.0', [phone])).toBeUndefined(); // another column
      expect(await at('2.0.0', [email, phone])).toBeUndefined(); // more columns than approved
      expect(await at('2.0.0', [{ ...email, to: 'public' }])).toBeUndefined(); // lower than approved
      expect(await at('2.5.0', [phone], 'hash-y')).toBeUndefined(); // other content
      await revokeDeclassificationApproval(db, byVersion.id, 'gov@example.com');
      await revokeDeclassificationApproval(db, byHash.id, 'gov@example.com');
      expect(await at('2.0.0', [email])).toBeUndefined(); // revoked
    });

    it('is used once, by the publish in its transaction; a second publish resting on it writes nothing', async () => {
      const db = catalogOf().db;
      const approval = await approve();
      const declassification = { approval: approval.id, columns: [email] };
      expect((await publishVersion(db, publish('2.0.0', { declassification }))).status).toBe('published');
      const used = await getDeclassificationApproval(db, approval.id);
      expect(used).toMatchObject({ state: 'used', usedBy: 'owner@example.com', usedVersion: '2.0.0' });
      const [entry] = (await listAudit(db, { action: 'product.publish', outcome: 'ok', limit: 1 })).items;
      expect(entry?.details).toMatchObject({ declassificationApproval: approval.id });
      await expect(publishVersion(db, publish('2.1.0', { declassification }))).rejects.toMatchObject({
        name: 'ConflictError',
        message: `declassification approval ${approval.id} was used by ${product} 2.0.0 meanwhile; nothing was published`,
      });
      expect((await listVersions(db, product)).map((v) => v.version)).toEqual(['2.0.0', '1.0.0']);
      await expect(revokeDeclassificationApproval(db, approval.id, 'gov@example.com')).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(/a used approval is never revoked/),
      });
    });

    it('refuses a publish whose approval does not cover it exactly, or was revoked, writing nothing', async () => {
      const db = catalogOf().db;
      const approval = await approve({ version: '3.0.0' });
      await expect(
        publishVersion(db, publish('3.0.0', { declassification: { approval: approval.id, columns: [email, phone] } })),
      ).rejects.toMatchObject({ name: 'ConflictError', message: expect.stringMatching(/does not cover/) });
      await revokeDeclassificationApproval(db, approval.id, 'gov@example.com');
      await expect(
        publishVersion(db, publish('3.0.0', { declassification: { approval: approval.id, columns: [email] } })),
      ).rejects.toMatchObject({ name: 'ConflictError', message: expect.stringMatching(/revoked by gov@example.com/) });
      expect((await listVersions(db, product)).map((v) => v.version)).toEqual(['2.0.0', '1.0.0']);
    });

    it('lets exactly one of 10 concurrent publishes resting on one approval win', async () => {
      const db = catalogOf().db;
      const approval = await approve({ version: null, contentHash: 'hash-same' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          publishVersion(
            db,
            publish(`4.${i}.0`, {
              contentHash: 'hash-same',
              declassification: { approval: approval.id, columns: [email] },
            }),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect((await getDeclassificationApproval(db, approval.id)).state).toBe('used');
    });

    it('revokes once, audited; approvals are never deleted nor changed by SQL once closed', async () => {
      const db = catalogOf().db;
      const approval = await approve({ version: '9.0.0' });
      await expect(
        sql`update declassification_approvals set reason = 'other' where id = ${approval.id}`.execute(db),
      ).rejects.toThrow(/only the revocation or the use/);
      const revoked = await revokeDeclassificationApproval(db, approval.id, 'admin@example.com', { requestId: 'r' });
      expect(revoked).toMatchObject({ state: 'revoked', revokedBy: 'admin@example.com' });
      await expect(revokeDeclassificationApproval(db, approval.id, 'admin@example.com')).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(/already revoked by admin@example\.com/),
      });
      await expect(
        sql`update declassification_approvals set revoked_at = null, revoked_by = null where id = ${approval.id}`.execute(
          db,
        ),
      ).rejects.toThrow(/is revoked; it is never changed/);
      await expect(sql`delete from declassification_approvals where id = ${approval.id}`.execute(db)).rejects.toThrow(
        /never deleted/,
      );
      const audit = (await listAudit(db, { action: 'declassification.revoke', limit: 100 })).items.filter(
        (e) => e.details.approval === approval.id,
      );
      expect(audit.map((e) => e.outcome)).toEqual(['refused', 'ok']);
      await expect(
        revokeDeclassificationApproval(db, '00000000-0000-0000-0000-000000000000', 'admin@example.com'),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  });
}
