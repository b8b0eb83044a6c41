import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import {
  accessDecideCommand,
  accessListCommand,
  accessRequestCommand,
  accessRevokeCommand,
} from './commands/access.js';
import { adviseCommand } from './commands/advise.js';
import { buildCommand } from './commands/build.js';
import { chargebackCommand } from './commands/chargeback.js';
import { declassifyApproveCommand, declassifyListCommand, declassifyRevokeCommand } from './commands/declassify.js';
import { diffCommand } from './commands/diff.js';
import { doctorCommand } from './commands/doctor.js';
import { domainUpgradeCommand } from './commands/domain-upgrade.js';
import { initCommand } from './commands/init.js';
import { mcpCommand } from './commands/mcp.js';
import { provisionCommand } from './commands/provision.js';
import { publishCommand } from './commands/publish.js';
import { queryCommand } from './commands/query.js';
import { scoreCommand } from './commands/score.js';
import { testCommand } from './commands/test.js';
import { tokenCommand } from './commands/token.js';
import { upCommand } from './commands/up.js';
import { validateCommand } from './commands/validate.js';
import { isUsageError } from './errors.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The server flags of the commands that call a Meshwork server. */
type AccessCliFlags = { server?: string; token?: string; json?: boolean };

/** Exit codes: 0 success (warnings allowed), 1 the input failed validation or a check failed, 2 usage or environment. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Runs the `meshwork` command with the given arguments (without `node` and the script) and resolves to its
 * exit code. User errors are printed as one line; only programming errors carry a stack trace.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('meshwork')
    .description('Meshwork: data products as code — validate, build, test and publish a data mesh.')
    .version(version, '-v, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('validate')
    .description('validate a mesh, a folder of contracts, or contract and descriptor files (the CI gate)')
    .argument('[paths...]', 'mesh root, folder, or files (default: the current directory)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', '\nExit status: 0 valid (warnings allowed), 1 errors found, 2 usage error.')
    .action(async (paths: string[], flags: { json?: boolean }) => {
      exitCode = await validateCommand(paths, flags);
    });

  program
    .command('doctor')
    .description('mesh health: the data-mesh anti-patterns a machine can see, each with its fix')
    .argument('[path]', 'the mesh root or a folder inside it (default: the current directory)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText(
      'after',
      '\nExit status: 0 no error-level finding (warnings allowed), 1 an error-level finding or the mesh does not validate, 2 usage error.\nThe findings: docs/policies.md',
    )
    .action(async (path: string | undefined, flags: { json?: boolean }) => {
      exitCode = await doctorCommand(path, flags);
    });

  program
    .command('build')
    .description('build data products in dependency order; only what changed unless --force')
    .argument('[path]', 'the mesh root or a folder inside it (default: the current directory)')
    .option('--domain <domain>', 'only the products of this domain (and what they read)')
    .option('--product <address>', 'only this product, domain.product (and what it reads)')
    .option('--force', 'rebuild even when nothing changed')
    .option('--data-dir <dir>', 'where stores and manifests live (default: .meshwork under the mesh root)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', '\nExit status: 0 built, 1 a build failed or the mesh does not validate, 2 usage error.')
    .action(
      async (
        path: string | undefined,
        flags: { domain?: string; product?: string; force?: boolean; json?: boolean; dataDir?: string },
      ) => {
        exitCode = await buildCommand(path, flags);
      },
    );

  program
    .command('test')
    .description('run the quality and SLA checks of built products, or of a contract against its server')
    .argument('[path]', 'the mesh root or a folder inside it (default: the current directory), or a contract file')
    .option(
      '--server <name>',
      'with a contract file: which of its servers to test (default: the first local or duckdb one)',
    )
    .option('--product <address>', 'only this product, domain.product')
    .option('--domain <domain>', 'only the products of this domain')
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--data-dir <dir>', 'where stores and manifests live (default: .meshwork under the mesh root)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText(
      'after',
      '\nExit status: 0 all error-severity checks pass, 1 a check failed or could not run, 2 usage error.',
    )
    .action(
      async (
        path: string | undefined,
        flags: { product?: string; domain?: string; junit?: string; json?: boolean; dataDir?: string },
      ) => {
        exitCode = await testCommand(path, flags);
      },
    );

  program
    .command('diff')
    .description('classify the changes between two versions of a contract: breaking, warning, info')
    .argument('<old>', 'the earlier contract file')
    .argument('<new>', 'the later contract file')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText(
      'after',
      '\nExit status: 0 no breaking change, 1 a breaking change (or a contract that does not validate), 2 usage error.\nThe rules: docs/breaking-changes.md',
    )
    .action(async (oldPath: string, newPath: string, flags: { json?: boolean }) => {
      exitCode = await diffCommand(oldPath, newPath, flags);
    });

  program
    .command('query')
    .description('run one SELECT over data products through the governed SQL gateway of a Meshwork server')
    .argument('<sql>', 'the query, reading products by address: SELECT … FROM domain.product')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--limit <rows>', 'rows returned at most (default 1000)')
    .option('--server <url>', 'the server (default: MESHWORK_URL, else http://127.0.0.1:8080)')
    .option('--token <token>', 'a bearer token (default: MESHWORK_TOKEN)')
    .addHelpText(
      'after',
      '\nExit status: 0 answered, 1 refused (not allowed, invalid or over a limit), 2 usage error or server unreachable.\nMasked columns are marked with * in table output.',
    )
    .action(async (sql: string, flags: { format?: string; limit?: string; server?: string; token?: string }) => {
      exitCode = await queryCommand(sql, flags);
    });

  program
    .command('mcp')
    .description('serve a Meshwork server to an AI assistant: an MCP server on stdio that forwards to the server')
    .option('--server <url>', 'the server (default: MESHWORK_URL, else http://127.0.0.1:8080)')
    .option('--token <token>', 'your bearer token: every tool acts as you (default: MESHWORK_TOKEN)')
    .addHelpText(
      'after',
      '\nFor the assistant\'s config: { "command": "npx", "args": ["meshwork", "mcp", "--server", URL, "--token", TOKEN] }.\nExit status: 0 the assistant closed the connection, 2 usage error, server unreachable or token refused.\nTools, resources and prompts: docs/mcp.md',
    )
    .action(async (flags: { server?: string; token?: string }) => {
      exitCode = await mcpCommand(flags, version);
    });

  program
    .command('score')
    .description(
      'the DATSIS scorecard of each product (discoverable, addressable, trustworthy, self-describing, interoperable, secure)',
    )
    .argument('[path]', 'the mesh root or a folder inside it (default: the current directory)')
    .option('--product <address>', 'only this product, domain.product')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText(
      'after',
      '\nExit status: 0 scored, 1 the mesh does not validate, 2 usage error.\nThe points: docs/policies.md',
    )
    .action(async (path: string | undefined, flags: { product?: string; json?: boolean }) => {
      exitCode = await scoreCommand(path, flags);
    });

  program
    .command('advise')
    .description(
      "the isolation pattern each domain needs, by the seed's decision framework, with reasons and upgrade path",
    )
    .argument('[path]', 'the mesh root or a folder inside it (default: the current directory)')
    .option('--answers <file>', 'answers as YAML or JSON instead of the mesh (docs/provisioning.md)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText(
      'after',
      '\nOn a terminal with neither PATH nor --answers, the questions are asked.\nExit status: 0 advised, 1 invalid answers or the mesh does not validate, 2 usage error.\nThe rules: docs/provisioning.md',
    )
    .action(async (path: string | undefined, flags: { answers?: string; json?: boolean }) => {
      exitCode = await adviseCommand(path, flags);
    });

  program
    .command('provision')
    .description(
      'Terraform for every domain in its isolation pattern: one module per pattern, a module instance per domain',
    )
    .argument('[path]', 'the mesh root or a folder inside it (default: the current directory)')
    .option('--cloud <cloud>', 'aws, azure or gcp')
    .option('--out <dir>', 'where to write the Terraform (default: infra/<cloud> under the mesh root)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText(
      'after',
      '\nExit status: 0 written, 1 the mesh does not validate, 2 usage error (an unknown cloud).\nThe layout: docs/provisioning.md',
    )
    .action(async (path: string | undefined, flags: { cloud?: string; out?: string; json?: boolean }) => {
      exitCode = await provisionCommand(path, flags);
    });

  program
    .command('publish')
    .description('publish the products of a mesh to a Meshwork server (immutable versions, breaking-change gate)')
    .argument('[path]', 'the mesh root or a folder inside it (default: the current directory)')
    .option('--server <url>', 'the server (default: MESHWORK_URL, else http://127.0.0.1:8080)')
    .option('--token <token>', 'a bearer token (default: MESHWORK_TOKEN)')
    .option('--product <address>', 'only this product, domain.product')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText(
      'after',
      '\nExit status: 0 published or unchanged, 1 a product was refused or does not validate, 2 usage error or server unreachable.',
    )
    .action(
      async (
        path: string | undefined,
        flags: { server?: string; token?: string; product?: string; json?: boolean },
      ) => {
        exitCode = await publishCommand(path, flags);
      },
    );

  program
    .command('chargeback')
    .description(
      'the chargeback report of a month: what each domain consumed (queries) and stored, priced, and the top queries',
    )
    .requiredOption('--period <month>', 'the month, YYYY-MM (UTC)')
    .option('--json', 'print the report as JSON')
    .option('--csv', 'print the domain table as CSV')
    .option('--server <url>', 'the server (default: MESHWORK_URL, else http://127.0.0.1:8080)')
    .option('--token <token>', 'a bearer token (default: MESHWORK_TOKEN)')
    .addHelpText(
      'after',
      '\nFor admins, the governance group and domain owners. Prices come from prices in meshwork.yaml.\nExit status: 0 reported, 1 refused by the server, 2 usage error or server unreachable.',
    )
    .action(async (flags: { period?: string; json?: boolean; csv?: boolean; server?: string; token?: string }) => {
      exitCode = await chargebackCommand(flags);
    });

  program
    .command('token')
    .description('create, list or revoke your API tokens on a Meshwork server')
    .argument('<action>', 'create, list or revoke')
    .argument('[label]', 'the token label (create, revoke)')
    .option('--expires-in-days <days>', 'with create: the token expires after this many days')
    .option('--server <url>', 'the server (default: MESHWORK_URL, else http://127.0.0.1:8080)')
    .option('--token <token>', 'the token to call with (default: MESHWORK_TOKEN)')
    .option('--json', 'print JSON')
    .action(
      async (
        action: string,
        label: string | undefined,
        flags: { server?: string; token?: string; json?: boolean; expiresInDays?: string },
      ) => {
        exitCode = await tokenCommand(action, label, flags);
      },
    );

  const accessCommand = program
    .command('access')
    .description('ask for access to data products, decide requests, revoke grants (on a Meshwork server)')
    .addHelpText(
      'after',
      '\nExit status: 0 done, 1 the server refused (not allowed, invalid, already decided), 2 usage error or server unreachable.\nThe rules: docs/api.md, "Access requests and grants".',
    );
  const serverOptions = (command: Command) =>
    command
      .option('--server <url>', 'the server (default: MESHWORK_URL, else http://127.0.0.1:8080)')
      .option('--token <token>', 'a bearer token (default: MESHWORK_TOKEN)')
      .option('--json', 'print JSON');
  serverOptions(
    accessCommand
      .command('request')
      .description('ask for access to a product, with a purpose; internal data without columns is granted at once')
      .argument('<product>', 'the product, domain.product')
      .option('--purpose <text>', 'why you need the data (required, at least 10 characters)')
      .option('--columns <names>', 'columns above your clearance to see unmasked, separated by commas')
      .option('--days <days>', 'how long access lasts, 1 to 365 days', '90')
      .option('--consumer-product <address>', "ask on behalf of your domain's product that reads this one"),
  ).action(
    async (
      product: string,
      flags: { purpose?: string; columns?: string; days?: string; consumerProduct?: string } & AccessCliFlags,
    ) => {
      exitCode = await accessRequestCommand(product, flags);
    },
  );
  serverOptions(
    accessCommand
      .command('list')
      .description('the access requests (or grants) you may see, newest first')
      .option('--status <status>', 'only requests with this status: pending, approved, rejected, withdrawn')
      .option('--product <address>', 'only this product, domain.product')
      .option('--mine', 'only your own')
      .option('--grants', 'list grants instead of requests')
      .option('--active', 'with --grants: only grants neither expired nor revoked'),
  ).action(
    async (
      flags: { status?: string; product?: string; mine?: boolean; grants?: boolean; active?: boolean } & AccessCliFlags,
    ) => {
      exitCode = await accessListCommand(flags);
    },
  );
  for (const decision of ['approve', 'reject'] as const) {
    serverOptions(
      accessCommand
        .command(decision)
        .description(`${decision} a pending access request (owners of the product's domain)`)
        .argument('<id>', 'the request id (meshwork access list)')
        .option('--note <text>', 'why, for the requester and the audit log'),
    ).action(async (id: string, flags: { note?: string } & AccessCliFlags) => {
      exitCode = await accessDecideCommand(decision, id, flags);
    });
  }
  serverOptions(
    accessCommand
      .command('revoke')
      .description("end a grant at once (owners of the product's domain, the grantee, admins)")
      .argument('<grant-id>', 'the grant id (meshwork access list --grants)'),
  ).action(async (id: string, flags: AccessCliFlags) => {
    exitCode = await accessRevokeCommand(id, flags);
  });

  const declassifyCommand = program
    .command('declassify')
    .description('approve, list and revoke lowering a classification (the governance group; an owner publishes)')
    .addHelpText(
      'after',
      '\nExit status: 0 done, 1 the server refused (not allowed, invalid, already used or revoked), 2 usage error or server unreachable.\nThe rules: docs/api.md, "Declassification approvals".',
    );
  const collect = (value: string, previous: string[]) => [...previous, value];
  serverOptions(
    declassifyCommand
      .command('approve')
      .description('approve lowering the classification of exactly these columns in the version to be published')
      .argument('<product>', 'the product, domain.product')
      .option('--for-version <version>', 'the version to be published')
      .option('--content-hash <hash>', 'instead of --for-version: the content hash of the version to be published')
      .option('--column <spec>', 'COLUMN:FROM:TO, or COLUMN:FROM to unclassify; repeat for each column', collect, [])
      .option('--reason <text>', 'why the data may be less protected (required, at least 10 characters)'),
  ).action(
    async (
      product: string,
      flags: { forVersion?: string; contentHash?: string; column?: string[]; reason?: string } & AccessCliFlags,
    ) => {
      exitCode = await declassifyApproveCommand(product, flags);
    },
  );
  serverOptions(
    declassifyCommand
      .command('list')
      .description("a product's declassification approvals, newest first")
      .argument('<product>', 'the product, domain.product')
      .option('--state <state>', 'only approvals in this state: open, used, revoked'),
  ).action(async (product: string, flags: { state?: string } & AccessCliFlags) => {
    exitCode = await declassifyListCommand(product, flags);
  });
  serverOptions(
    declassifyCommand
      .command('revoke')
      .description('withdraw an open declassification approval (the governance group, admins)')
      .argument('<product>', 'the product, domain.product')
      .argument('<approval-id>', 'the approval id (meshwork declassify list)'),
  ).action(async (product: string, id: string, flags: AccessCliFlags) => {
    exitCode = await declassifyRevokeCommand(product, id, flags);
  });

  program
    .command('up')
    .description('validate, build, check and publish the mesh, then serve the API (the platform on one machine)')
    .argument('[path]', 'the mesh root or a folder inside it (default: the current directory)')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'stores, catalog and tokens (default: .meshwork under the mesh root)')
    .addHelpText(
      'after',
      '\nEnvironment: MESHWORK_DATABASE_URL (PostgreSQL catalog), MESHWORK_ADMIN_TOKEN (first start),\n' +
        'MESHWORK_PUBLIC_URL (the address clients reach), MESHWORK_WEBHOOK_ALLOW (non-public webhook targets).',
    )
    .action(async (path: string | undefined, flags: { port?: string; host?: string; dataDir?: string }) => {
      exitCode = await upCommand(path, flags);
    });

  const domainCommand = program.command('domain').description('work on a domain of the mesh');
  domainCommand
    .command('upgrade')
    .description('move a domain to a stronger isolation pattern (schema → workspace → account), data included')
    .argument('<domain>', 'the domain to move')
    .argument('[path]', 'the mesh root or a folder inside it (default: the current directory)')
    .requiredOption('--to <pattern>', 'workspace or account')
    .option('--data-dir <dir>', 'where stores and manifests live (default: .meshwork under the mesh root)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText(
      'after',
      '\nDowngrades are refused. Exit status: 0 moved, 1 the mesh does not validate, 2 usage error or refused.',
    )
    .action(
      async (domain: string, path: string | undefined, flags: { to?: string; dataDir?: string; json?: boolean }) => {
        exitCode = await domainUpgradeCommand(domain, path, flags);
      },
    );

  program
    .command('init')
    .description('create a new mesh with one domain and one product that validates')
    .argument('[dir]', 'where to create it', '.')
    .addOption(new Option('--force', 'write into a folder that already holds a mesh'))
    .action(async (dir: string, flags: { force?: boolean }) => {
      exitCode = await initCommand(dir, flags);
    });

  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const command of all(program)) command.exitOverride().showHelpAfterError('(run with --help for usage)');

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const clean = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return clean ? EXIT.ok : EXIT.usage;
    }
    if (isUsageError(error)) {
      process.stderr.write(`meshwork: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
