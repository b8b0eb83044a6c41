import { UsageError } from '../errors.js';
import { apiClient, settle } from '../io/api-client.js';

type Flags = { readonly server?: string; readonly token?: string; readonly json?: boolean };

/**
 * `meshwork token create|list|revoke`: manages the caller's own API tokens through the server (the token
 * used to call is given by --token or MESHWORK_TOKEN). A created token is shown once.
 */
export async function tokenCommand(
  action: string,
  label: string | undefined,
  flags: Flags & { readonly expiresInDays?: string },
): Promise<number> {
  const api = apiClient(flags);
  const print = (value: unknown, text: string) =>
    process.stdout.write(flags.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  const fail = (message: string) => {
    process.stderr.write(`meshwork: ${message}\n`);
    return 1;
  };
  switch (action) {
    case 'create': {
      if (!label) throw new UsageError('token create needs a label: meshwork token create LABEL');
      const days = flags.expiresInDays === undefined ? undefined : Number(flags.expiresInDays);
      if (days !== undefined && (!Number.isInteger(days) || days < 1))
        throw new UsageError('--expires-in-days takes a whole number of days, 1 or more');
      const result = await settle(api.createToken({ label, ...(days === undefined ? {} : { expiresInDays: days }) }));
      if (!result.ok) return fail(result.error.message);
      print(
        result.body,
        `${result.body.token}\n(token "${label}"${result.body.expiresAt ? `, expires ${result.body.expiresAt}` : ''}; it is shown only now)`,
      );
      return 0;
    }
    case 'list': {
      const result = await settle(api.listTokens());
      if (!result.ok) return fail(result.error.message);
      const rows = result.body.map(
        (t) =>
          `${t.label.padEnd(20)} created ${t.createdAt}${t.expiresAt ? `  expires ${t.expiresAt}` : ''}${t.revokedAt ? `  revoked ${t.revokedAt}` : ''}`,
      );
      print(result.body, rows.join('\n') || 'no tokens');
      return 0;
    }
    case 'revoke': {
      if (!label) throw new UsageError('token revoke needs the label of the token to revoke');
      const result = await settle(api.revokeTokens(label));
      if (!result.ok) return fail(result.error.message);
      print(
        result.body,
        `revoked ${result.body.revoked} token${result.body.revoked === 1 ? '' : 's'} labelled ${label}`,
      );
      return result.body.revoked > 0 ? 0 : 1;
    }
    default:
      throw new UsageError(`unknown token action "${action}"; use create, list or revoke`);
  }
}
