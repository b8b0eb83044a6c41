import type { AccessOutcome, AccessRequestBody, DecisionBody, Grant, GrantList, RequestList } from './access.js';
import { ApiError } from './api-error.js';
import type { Chargeback } from './chargeback.js';
import type {
  DeclassificationApproval,
  DeclassificationApprovalBody,
  DeclassificationList,
  DeclassificationListQuery,
} from './declassifications.js';
import type { Me } from './me.js';
import type { Product, ProductPage, PublishBody, PublishResult } from './products.js';
import type { QueryAnswer, QueryBody } from './query.js';
import type { ProductScore } from './score.js';
import type { SearchResult } from './search.js';
import type { CreatedToken, CreateTokenBody, RevokedTokens, TokenList } from './tokens.js';

/** Where the server is, who is calling, and (for tests or other runtimes) the fetch to call it with. */
export interface ApiClientOptions {
  /** The server's URL, without `/api/v1` (for example http://127.0.0.1:8080). */
  readonly baseUrl: string;
  /** A bearer token of `meshwork token` or `meshwork up`'s dev tokens. */
  readonly token: string;
  readonly fetch?: typeof fetch;
}

/** Query parameters: undefined values are left out. */
type Params = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The typed client of `/api/v1`, for the endpoints the CLI and MCP use. Every method resolves with the
 * answer's body and rejects with an {@link ApiError} (status 0, code `unreachable`, when nothing answered).
 */
export interface ApiClient {
  /** `GET /me`. */
  me(): Promise<Me>;
  /** `GET /products`. */
  listProducts(query?: { cursor?: string; limit?: number; domain?: string }): Promise<ProductPage>;
  /** `GET /products/{address}`. */
  getProduct(address: string): Promise<Product>;
  /** `POST /products/{address}/versions`: `published` (201) or `unchanged` (200). */
  publish(address: string, body: PublishBody): Promise<PublishResult>;
  /** `GET /search`. */
  search(query: { q: string; domain?: string; tag?: string; status?: string; limit?: number }): Promise<SearchResult>;
  /** `GET /products/{address}/score`. */
  score(address: string): Promise<ProductScore>;
  /** `POST /query` in the json format. */
  query(body: Omit<QueryBody, 'format'>): Promise<QueryAnswer>;
  /** `POST /access/requests`. */
  requestAccess(body: AccessRequestBody): Promise<AccessOutcome>;
  /** `GET /access/requests`. */
  listAccessRequests(query?: Params): Promise<RequestList>;
  /** `GET /access/grants`. */
  listGrants(query?: Params): Promise<GrantList>;
  /** `POST /access/requests/{id}/approve` or `/reject`. */
  decide(id: string, decision: 'approve' | 'reject', body?: DecisionBody): Promise<AccessOutcome>;
  /** `DELETE /access/grants/{id}`: the grant, revoked. */
  revokeGrant(id: string): Promise<Grant>;
  /** `POST /tokens`: the token is in the answer only. */
  createToken(body: CreateTokenBody): Promise<CreatedToken>;
  /** `GET /tokens`. */
  listTokens(): Promise<TokenList>;
  /** `DELETE /tokens/{label}`. */
  revokeTokens(label: string): Promise<RevokedTokens>;
  /** `GET /chargeback?period=YYYY-MM`. */
  chargeback(period: string): Promise<Chargeback>;
  /** `POST /products/{address}/declassifications`: the approval, open. */
  approveDeclassification(address: string, body: DeclassificationApprovalBody): Promise<DeclassificationApproval>;
  /** `GET /products/{address}/declassifications`, newest first. */
  listDeclassifications(address: string, query?: DeclassificationListQuery): Promise<DeclassificationList>;
  /** `DELETE /products/{address}/declassifications/{id}`: the approval, revoked. */
  revokeDeclassification(address: string, id: string): Promise<DeclassificationApproval>;
}

/**
 * A client of the Meshwork API at `baseUrl`, calling as the holder of `token`.
 *
 * @example
 * const api = createApiClient({ baseUrl: 'http://127.0.0.1:8080', token });
 * const { items } = await api.listGrants({ mine: true, active: true });
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const call = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, params?: Params) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined) search.set(key, String(value));
    const url = `${base}/api/v1${path}${search.size > 0 ? `?${search}` : ''}`;
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error;
      throw new ApiError(0, 'unreachable', `cannot reach the Meshwork server at ${base} (${String(cause)})`);
    }
    if (!response.ok) throw await ApiError.fromResponse(response);
    return (await response.json()) as T;
  };
  const at = (address: string) => `/products/${encodeURIComponent(address)}`;
  return {
    me: () => call('GET', '/me'),
    listProducts: (query) => call('GET', '/products', undefined, query),
    getProduct: (address) => call('GET', at(address)),
    publish: (address, body) => call('POST', `${at(address)}/versions`, body),
    search: (query) => call('GET', '/search', undefined, query),
    score: (address) => call('GET', `${at(address)}/score`),
    query: (body) => call('POST', '/query', { ...body, format: 'json' }),
    requestAccess: (body) => call('POST', '/access/requests', body),
    listAccessRequests: (query) => call('GET', '/access/requests', undefined, query),
    listGrants: (query) => call('GET', '/access/grants', undefined, query),
    decide: (id, decision, body = {}) => call('POST', `/access/requests/${encodeURIComponent(id)}/${decision}`, body),
    revokeGrant: (id) => call('DELETE', `/access/grants/${encodeURIComponent(id)}`),
    createToken: (body) => call('POST', '/tokens', body),
    listTokens: () => call('GET', '/tokens'),
    revokeTokens: (label) => call('DELETE', `/tokens/${encodeURIComponent(label)}`),
    chargeback: (period) => call('GET', '/chargeback', undefined, { period }),
    approveDeclassification: (address, body) => call('POST', `${at(address)}/declassifications`, body),
    listDeclassifications: (address, query) => call('GET', `${at(address)}/declassifications`, undefined, query),
    revokeDeclassification: (address, id) =>
      call('DELETE', `${at(address)}/declassifications/${encodeURIComponent(id)}`),
  };
}
