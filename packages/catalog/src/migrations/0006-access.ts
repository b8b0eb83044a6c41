import { type Kysely, sql } from 'kysely';

/**
 * Access requests and the grants they become. Users get a clearance: the most sensitive classification
 * level they see unmasked. Requests are a state machine (pending → approved | rejected | withdrawn) and a
 * decided request never changes again; grants are never deleted, only revoked once. Both rules are
 * enforced by trigger, whatever code runs against the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('clearance', 'text', (c) => c.notNull().defaultTo('internal'))
    .execute();
  await db.schema
    .createTable('access_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product', 'text', (c) => c.notNull().references('products.address'))
    .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requester_email', 'text', (c) => c.notNull())
    .addColumn('requester_domain', 'text')
    .addColumn('consumer_product', 'text', (c) => c.references('products.address'))
    .addColumn('columns', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'approved', 'rejected', 'withdrawn')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addCheckConstraint(
      'access_requests_decided',
      sql`(status = 'pending') = (decided_at is null) and (decided_at is null) = (decided_by is null)`,
    )
    .execute();
  await db.schema
    .createIndex('access_requests_product_idx')
    .on('access_requests')
    .columns(['product', 'status'])
    .execute();
  await db.schema
    .createIndex('access_requests_requester_idx')
    .on('access_requests')
    .columns(['requester_email', 'created_at'])
    .execute();
  await db.schema
    .createTable('grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().unique().references('access_requests.id'))
    .addColumn('product', 'text', (c) => c.notNull().references('products.address'))
    .addColumn('grantee_email', 'text', (c) => c.notNull())
    .addColumn('grantee_domain', 'text')
    .addColumn('columns', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addCheckConstraint('grants_revoked', sql`(revoked_at is null) = (revoked_by is null)`)
    .execute();
  await db.schema.createIndex('grants_grantee_idx').on('grants').columns(['grantee_email', 'expires_at']).execute();
  await db.schema.createIndex('grants_product_idx').on('grants').columns(['product']).execute();

  await sql`create function meshwork_access_request_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'access requests are never deleted';
      end if;
      if old.status <> 'pending' then
        raise exception 'access request % is %; a decided request is never changed', old.id, old.status;
      end if;
      if (new.id, new.product, new.requester_id, new.requester_email, new.requester_domain, new.consumer_product,
          new.columns, new.purpose, new.expires_at, new.created_at)
         is distinct from
         (old.id, old.product, old.requester_id, old.requester_email, old.requester_domain, old.consumer_product,
          old.columns, old.purpose, old.expires_at, old.created_at) then
        raise exception 'only the decision of an access request changes';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger access_requests_state_machine before update or delete on access_requests
    for each row execute function meshwork_access_request_guard()`.execute(db);
  await sql`create function meshwork_grant_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'grants are never deleted; revoke them';
      end if;
      if old.revoked_at is not null then
        raise exception 'grant % is revoked; a revoked grant is never changed', old.id;
      end if;
      if (new.id, new.request_id, new.product, new.grantee_email, new.grantee_domain, new.columns, new.purpose,
          new.created_at, new.expires_at)
         is distinct from
         (old.id, old.request_id, old.product, old.grantee_email, old.grantee_domain, old.columns, old.purpose,
          old.created_at, old.expires_at) then
        raise exception 'only the revocation of a grant changes';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger grants_revoke_only before update or delete on grants
    for each row execute function meshwork_grant_guard()`.execute(db);
}
