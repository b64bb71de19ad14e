import {
  checkTableOwnership,
  contextOf,
  type OwnershipInput,
  type SourceText,
  tablesFromMigrations,
} from './check-table-ownership';

// Two small contexts: `shop` owns `orders`, `stock` owns `units`.
const migration: SourceText = {
  path: 'migrations/steps/1000-start.ts',
  text: `
    export class Start1000 {
      async up(db) {
        await db.query(\`CREATE TABLE "orders" ("id" uuid)\`);
        await db.query(\`CREATE TABLE "units" ("id" uuid)\`);
      }
      async down(db) {
        await db.query(\`DROP TABLE "units"\`);
        await db.query(\`DROP TABLE "orders"\`);
      }
    }`,
};

const entities: SourceText[] = [
  {
    path: 'libs/shop/src/order.entity.ts',
    text: `@Entity({ name: 'orders' }) export class Order {}`,
  },
  {
    path: 'libs/stock/src/unit.entity.ts',
    text: `@Entity('units') export class Unit {}`,
  },
];

function check(sources: SourceText[], overrides: Partial<OwnershipInput> = {}) {
  return checkTableOwnership({
    migrations: [migration],
    sources: [...entities, ...sources],
    owners: { orders: 'shop', units: 'stock' },
    debt: [],
    configPath: 'config.ts',
    ...overrides,
  });
}

const shopReadsUnits: SourceText = {
  path: 'libs/shop/src/checkout.ts',
  text: `
    export async function start(manager) {
      // a comment naming FROM units is not a use
      await manager.query(\`SELECT o.id FROM orders o JOIN "units" u ON u.id = o.id\`);
    }`,
};

describe('the table-ownership check', () => {
  it('passes a library that only uses its own tables', () => {
    const report = check([
      {
        path: 'libs/stock/src/units.service.ts',
        text: `
          import { Unit } from './unit.entity';
          export class Units {
            constructor(@InjectRepository(Unit) repo) {}
            take(m) { return m.query('UPDATE units SET taken = true WHERE id = $1', [1]); }
          }`,
      },
    ]);
    expect(report.problems).toEqual([]);
    expect(report.crossings).toEqual([]);
  });

  it('catches raw SQL that reads another library’s table, with file and line', () => {
    const report = check([shopReadsUnits]);
    expect(report.crossings).toEqual([
      { file: 'libs/shop/src/checkout.ts', line: 4, table: 'units', user: 'shop', how: 'sql' },
    ]);
    expect(report.problems).toEqual([
      expect.stringContaining('shop uses "units", which stock owns'),
    ]);
  });

  it('catches another library’s entity handed to a repository, manager or query builder', () => {
    const report = check([
      {
        path: 'libs/shop/src/stock-peek.ts',
        text: `
          import { Unit as StockUnit } from '@limited-run/stock';
          export const peek = (ds) => ds.getRepository(StockUnit).count();
          export const module = TypeOrmModule.forFeature([Order, StockUnit]);
          export const viaBuilder = (ds) => ds.createQueryBuilder().select('x').from('units', 'u');
          export const typeOnly = (u: StockUnit) => u;`,
      },
    ]);
    expect(report.crossings.map((c) => [c.line, c.how])).toEqual([
      [3, 'entity'],
      [4, 'entity'],
      [5, 'sql'],
    ]);
  });

  it('sees every table of a FROM list, not only the first', () => {
    const report = check([
      {
        path: 'libs/stock/src/mail.ts',
        text: `q('SELECT 1 FROM units u, orders o JOIN units x ON true WHERE o.id = u.id')`,
      },
    ]);
    expect(report.crossings).toEqual([expect.objectContaining({ table: 'orders', user: 'stock' })]);
  });

  it('counts uses in apps against their owners too', () => {
    const report = check([
      { path: 'apps/worker/src/sweep.ts', text: `q('DELETE FROM orders WHERE old')` },
    ]);
    expect(report.crossings).toEqual([expect.objectContaining({ user: 'apps/worker' })]);
  });

  it('lets a listed debt pass at its count, and fails one use more or fewer', () => {
    const debt = { file: 'libs/shop/src/checkout.ts', table: 'units', reason: 'known' };
    expect(check([shopReadsUnits], { debt: [{ ...debt, uses: 1 }] }).problems).toEqual([]);
    expect(check([shopReadsUnits], { debt: [{ ...debt, uses: 0 }] }).problems).toEqual([
      expect.stringContaining('where TABLE_DEBT allows 0'),
    ]);
    expect(check([shopReadsUnits], { debt: [{ ...debt, uses: 2 }] }).problems).toEqual([
      expect.stringContaining('lower it to 1 in config.ts'),
    ]);
    expect(check([], { debt: [{ ...debt, uses: 1 }] }).problems).toEqual([
      expect.stringContaining('none remain: remove the entry from config.ts'),
    ]);
  });

  it('fails on a table no owner is mapped for, saying exactly what to add', () => {
    const report = check(
      [
        {
          path: 'libs/stock/src/shelf.entity.ts',
          text: `@Entity({ name: 'shelves' }) class Shelf {}`,
        },
      ],
      {
        migrations: [
          migration,
          {
            path: 'migrations/steps/2000-shelves.ts',
            text: `class S { async up(db) { await db.query('CREATE TABLE "shelves" (id uuid)'); } }`,
          },
        ],
      },
    );
    expect(report.problems).toEqual([
      `table "shelves" (created in migrations/steps/2000-shelves.ts) has no owner: add  ` +
        `shelves: 'stock',  to TABLE_OWNERS in config.ts ` +
        `(its entity is declared in libs/stock/src/shelf.entity.ts)`,
    ]);
  });

  it('fails on an owner entry for a table no migration creates, and on a misplaced entity', () => {
    const report = check(
      [{ path: 'libs/shop/src/unit-copy.entity.ts', text: `@Entity('units') class UnitCopy {}` }],
      { owners: { orders: 'shop', units: 'stock', gone: 'shop' } },
    );
    expect(report.problems).toEqual([
      expect.stringContaining('names "gone", which no migration creates'),
      expect.stringContaining('libs/shop/src/unit-copy.entity.ts declares the entity of "units"'),
    ]);
  });
});

describe('tables from migrations', () => {
  it('follows renames and drops in up(), in timestamp order, and ignores down()', () => {
    const later: SourceText = {
      path: 'migrations/steps/3000-rename.ts',
      text: `class R {
        async up(db) {
          await db.query('ALTER TABLE "orders" RENAME TO "purchases"');
          await db.query('DROP TABLE IF EXISTS "units"');
        }
        async down(db) { await db.query('CREATE TABLE "never" (id uuid)'); }
      }`,
    };
    expect([...tablesFromMigrations([later, migration]).keys()]).toEqual(['purchases']);
  });
});

describe('the context of a file', () => {
  it('is the library name or the app path', () => {
    expect(contextOf('libs/drops/src/drop.entity.ts')).toBe('drops');
    expect(contextOf('apps/worker/src/main.ts')).toBe('apps/worker');
  });
});
