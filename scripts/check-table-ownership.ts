// Each bounded context owns its tables (docs/architecture.md, "Who owns which table"). This
// check maps every table the migrations create to its owning library and fails on a use of a
// table from anywhere else: raw SQL in a string, a query-builder `.from('table')`, or an entity
// class of another library handed to `getRepository`, `@InjectRepository`, `forFeature`, a
// manager call and the like. Crossings that exist today are listed, with a reason and a count,
// in table-ownership.config.ts; a new crossing, or one more use in a listed file, fails CI,
// and so does a listed count that is now too high (lower it as the debt is paid down).
//
// What it does not see (keep it honest when reading a green run): a table name built at run
// time, joins TypeORM makes from entity relations (`relations: { … }`), SQL kept outside string
// literals, and spec files (tests may set up any table).
//
// Run: npm run check:tables
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';
import { TABLE_DEBT, TABLE_OWNERS, type TableDebt } from './table-ownership.config';

export interface SourceText {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

export interface TableUse {
  file: string;
  line: number;
  table: string;
  /** The library (`catalog`) or app (`apps/worker`) the file belongs to. */
  user: string;
  how: 'sql' | 'entity';
}

export interface OwnershipInput {
  migrations: SourceText[];
  sources: SourceText[];
  owners: Readonly<Record<string, string>>;
  debt: readonly TableDebt[];
  /** Where the owner map lives, for messages. */
  configPath?: string;
}

export interface OwnershipReport {
  problems: string[];
  crossings: TableUse[];
}

const CONFIG_PATH = 'scripts/table-ownership.config.ts';

/** The library or app a source file belongs to: `libs/drops/src/x.ts` → `drops`. */
export function contextOf(path: string): string {
  const [top, name] = path.split('/');
  return top === 'libs' ? name : `${top}/${name}`;
}

function parse(file: SourceText): ts.SourceFile {
  return ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    // Interpolations become a neutral placeholder so `FROM ${x}` names no table.
    return node.head.text + node.templateSpans.map((s) => ` $x ${s.literal.text}`).join('');
  }
  return undefined;
}

function forEachDescendant(node: ts.Node, visit: (n: ts.Node) => void): void {
  node.forEachChild((child) => {
    visit(child);
    forEachDescendant(child, visit);
  });
}

const QUOTED = '"?(?:public"?\\."?)?([a-z_][a-z0-9_]*)"?';

/**
 * Tables that exist after every migration's `up` has run, in file-name (timestamp) order:
 * CREATE TABLE adds, ALTER TABLE … RENAME TO renames, DROP TABLE removes.
 */
export function tablesFromMigrations(migrations: SourceText[]): Map<string, string> {
  const tables = new Map<string, string>(); // table → migration that created it
  const ordered = [...migrations].sort((a, b) =>
    (a.path.split('/').pop() ?? '').localeCompare(b.path.split('/').pop() ?? ''),
  );
  const statement = new RegExp(
    `\\b(?:create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?${QUOTED}` +
      `|drop\\s+table\\s+(?:if\\s+exists\\s+)?${QUOTED}` +
      `|alter\\s+table\\s+(?:if\\s+exists\\s+)?${QUOTED}\\s+rename\\s+to\\s+${QUOTED})`,
    'gi',
  );
  for (const migration of ordered) {
    forEachDescendant(parse(migration), (node) => {
      if (!ts.isMethodDeclaration(node) || node.name.getText() !== 'up') return;
      forEachDescendant(node, (inner) => {
        const text = literalText(inner);
        if (text === undefined) return;
        for (const m of text.matchAll(statement)) {
          const [, created, dropped, renamedFrom, renamedTo] = m;
          if (created) tables.set(created, migration.path);
          if (dropped) tables.delete(dropped);
          if (renamedFrom && renamedTo) {
            tables.set(renamedTo, tables.get(renamedFrom) ?? migration.path);
            tables.delete(renamedFrom);
          }
        }
      });
    });
  }
  return tables;
}

interface EntityClass {
  table: string;
  file: string;
}

/** Classes decorated with `@Entity({ name: 't' })` or `@Entity('t')`, by class name. */
export function entityClasses(sources: SourceText[]): {
  byName: Map<string, EntityClass>;
  problems: string[];
} {
  const byName = new Map<string, EntityClass>();
  const problems: string[] = [];
  for (const file of sources) {
    forEachDescendant(parse(file), (node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const decorator of ts.getDecorators(node) ?? []) {
        const call = decorator.expression;
        if (!ts.isCallExpression(call) || call.expression.getText() !== 'Entity') continue;
        const [arg] = call.arguments;
        let table: string | undefined;
        if (arg && ts.isStringLiteral(arg)) table = arg.text;
        if (arg && ts.isObjectLiteralExpression(arg)) {
          for (const p of arg.properties) {
            if (ts.isPropertyAssignment(p) && p.name.getText() === 'name') {
              table = literalText(p.initializer);
            }
          }
        }
        const className = node.name.text;
        if (!table) {
          problems.push(`${file.path}: @Entity ${className} must name its table ({ name: '…' })`);
          continue;
        }
        const known = byName.get(className);
        if (known) {
          problems.push(
            `${file.path}: entity class name ${className} is also used in ${known.file}; ` +
              'give each entity a unique class name',
          );
        }
        byName.set(className, { table, file: file.path });
      }
    });
  }
  return { byName, problems };
}

// A table named in SQL: JOIN t, UPDATE t, INSERT INTO t, TABLE t (LOCK) …
const SQL_TABLE = new RegExp(`\\b(?:join|update|into|table)\\s+(?:only\\s+)?${QUOTED}`, 'gi');
// … and every item of a FROM list (`FROM users u, drops d`), up to the clause that ends it.
const FROM_LIST =
  /\bfrom\s+([^;()]*?)(?=\b(?:where|join|inner|left|right|full|cross|natural|group|order|limit|offset|on|using|returning|union|except|intersect|for|having|window)\b|[();]|$)/gis;
const FROM_ITEM = new RegExp(`^\\s*(?:only\\s+)?${QUOTED}`, 'i');

function sqlTables(text: string): string[] {
  const found = [...text.matchAll(SQL_TABLE)].map((m) => m[1]);
  for (const m of text.matchAll(FROM_LIST)) {
    for (const item of m[1].split(',')) {
      const table = FROM_ITEM.exec(item)?.[1];
      if (table) found.push(table);
    }
  }
  return found;
}
// Query-builder methods whose string argument is a table name (`createQueryBuilder('x')` is an
// alias, not a table, so it is not here).
const TABLE_ARGUMENT_METHODS = new Set([
  'from',
  'into',
  'update',
  'delete',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
  'getRepository',
]);

/** Every use of a known table in the given sources, wherever it is. */
export function findTableUses(
  sources: SourceText[],
  tables: ReadonlySet<string>,
  entities: ReadonlyMap<string, EntityClass>,
): TableUse[] {
  const uses: TableUse[] = [];
  for (const file of sources) {
    const source = parse(file);
    const user = contextOf(file.path);
    const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const record = (node: ts.Node, table: string, how: TableUse['how']) =>
      uses.push({ file: file.path, line: at(node), table, user, how });

    // Entity classes this file can name: imported (under any alias) or declared here.
    const localEntities = new Map<string, string>(); // local name → table
    forEachDescendant(source, (node) => {
      if (ts.isImportSpecifier(node)) {
        const entity = entities.get((node.propertyName ?? node.name).text);
        if (entity) localEntities.set(node.name.text, entity.table);
      }
      if (ts.isClassDeclaration(node) && node.name) {
        const entity = entities.get(node.name.text);
        if (entity && entity.file === file.path) localEntities.set(node.name.text, entity.table);
      }
    });

    forEachDescendant(source, (node) => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const method = ts.isPropertyAccessExpression(node.expression)
          ? node.expression.name.text
          : node.expression.getText();
        for (const arg of node.arguments ?? []) {
          const candidates = ts.isArrayLiteralExpression(arg) ? arg.elements : [arg];
          for (const c of candidates) {
            if (ts.isIdentifier(c) && localEntities.has(c.text)) {
              record(c, localEntities.get(c.text)!, 'entity');
            }
          }
          const text = ts.isStringLiteral(arg) ? arg.text : undefined;
          if (text && TABLE_ARGUMENT_METHODS.has(method) && tables.has(text)) {
            record(arg, text, 'sql');
          }
        }
        return;
      }
      const text = literalText(node);
      if (text === undefined) return;
      for (const table of sqlTables(text)) {
        if (tables.has(table)) record(node, table, 'sql');
      }
    });
  }
  return uses;
}

function debtKey(file: string, table: string): string {
  return `${file} ${table}`;
}

/** The whole check: every table owned, every entity where its owner is, no unlisted crossing. */
export function checkTableOwnership(input: OwnershipInput): OwnershipReport {
  const configPath = input.configPath ?? CONFIG_PATH;
  const problems: string[] = [];
  const tables = tablesFromMigrations(input.migrations);
  const { byName: entities, problems: entityProblems } = entityClasses(input.sources);
  problems.push(...entityProblems);

  const entityOf = new Map([...entities.values()].map((e) => [e.table, e]));
  for (const [table, createdIn] of tables) {
    if (input.owners[table]) continue;
    const entity = entityOf.get(table);
    const guess = entity
      ? contextOf(entity.file)
      : '<library whose entity or repository writes it>';
    problems.push(
      `table "${table}" (created in ${createdIn}) has no owner: add  ${table}: '${guess}',  ` +
        `to TABLE_OWNERS in ${configPath}` +
        (entity ? ` (its entity is declared in ${entity.file})` : ''),
    );
  }
  for (const table of Object.keys(input.owners)) {
    if (!tables.has(table)) {
      problems.push(
        `TABLE_OWNERS in ${configPath} names "${table}", which no migration creates: remove it`,
      );
    }
  }
  for (const entity of entities.values()) {
    const owner = input.owners[entity.table];
    if (owner && contextOf(entity.file) !== owner) {
      problems.push(
        `${entity.file} declares the entity of "${entity.table}", which ${owner} owns: ` +
          `move the entity to libs/${owner} or change the owner in ${configPath}`,
      );
    }
  }

  const crossings = findTableUses(input.sources, new Set(tables.keys()), entities).filter(
    (use) => input.owners[use.table] !== undefined && input.owners[use.table] !== use.user,
  );
  const found = new Map<string, TableUse[]>();
  for (const use of crossings) {
    const key = debtKey(use.file, use.table);
    found.set(key, [...(found.get(key) ?? []), use]);
  }
  const listed = new Map(input.debt.map((d) => [debtKey(d.file, d.table), d]));
  for (const [key, uses] of found) {
    const [{ file, table, user }] = uses;
    const lines = uses.map((u) => `${u.line} (${u.how})`).join(', ');
    const debt = listed.get(key);
    const owner = input.owners[table];
    if (!debt) {
      problems.push(
        `${file}: ${user} uses "${table}", which ${owner} owns, at line ${lines}. ` +
          `Read it through ${owner}'s public surface (its index.ts) instead.`,
      );
    } else if (uses.length > debt.uses) {
      problems.push(
        `${file}: ${uses.length} uses of "${table}" (owned by ${owner}) where TABLE_DEBT allows ` +
          `${debt.uses}, at line ${lines}. New crossings go through ${owner}'s public surface.`,
      );
    } else if (uses.length < debt.uses) {
      problems.push(
        `${file}: TABLE_DEBT allows ${debt.uses} uses of "${table}" but ${uses.length} remain: ` +
          `lower it to ${uses.length} in ${configPath} (debt paid down stays paid)`,
      );
    }
  }
  for (const debt of input.debt) {
    if (!found.has(debtKey(debt.file, debt.table))) {
      problems.push(
        `${debt.file}: TABLE_DEBT lists ${debt.uses} uses of "${debt.table}" but none remain: ` +
          `remove the entry from ${configPath}`,
      );
    }
  }
  return { problems, crossings };
}

function readTree(root: string, dir: string, keep: (path: string) => boolean): SourceText[] {
  const out: SourceText[] = [];
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs)) {
      if (name === 'node_modules' || name === 'dist') continue;
      const child = join(abs, name);
      if (statSync(child).isDirectory()) walk(child);
      else {
        const path = relative(root, child).split(sep).join('/');
        if (keep(path)) out.push({ path, text: readFileSync(child, 'utf8') });
      }
    }
  };
  walk(join(root, dir));
  return out;
}

/** Production TypeScript of the libraries and the server apps (the browser app has no SQL). */
export function readRepository(root: string): { migrations: SourceText[]; sources: SourceText[] } {
  const isCode = (p: string) =>
    p.endsWith('.ts') && !p.endsWith('.spec.ts') && !p.endsWith('.d.ts');
  return {
    migrations: readTree(root, 'migrations', (p) => isCode(p) && !p.endsWith('/index.ts')),
    sources: [
      ...readTree(root, 'libs', (p) => isCode(p) && p.split('/')[2] === 'src'),
      ...readTree(root, 'apps', (p) => isCode(p) && !p.startsWith('apps/web/')),
    ],
  };
}

function main(): void {
  const root = join(__dirname, '..');
  const { migrations, sources } = readRepository(root);
  const report = checkTableOwnership({
    migrations,
    sources,
    owners: TABLE_OWNERS,
    debt: TABLE_DEBT,
  });
  const listedUses = TABLE_DEBT.reduce((n, d) => n + d.uses, 0);
  if (report.problems.length > 0) {
    console.error(`table ownership: ${report.problems.length} problem(s)\n`);
    for (const p of report.problems) console.error(`- ${p}\n`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `table ownership: ${Object.keys(TABLE_OWNERS).length} tables, each with an owner; ` +
      `${sources.length} files scanned; ${report.crossings.length} crossing uses, all listed ` +
      `debt (${TABLE_DEBT.length} entries, ${listedUses} uses)`,
  );
}

if (require.main === module) main();
