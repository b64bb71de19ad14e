import { SnakeNamingStrategy } from './snake-naming.strategy';

describe('SnakeNamingStrategy', () => {
  const naming = new SnakeNamingStrategy();

  it('turns properties and classes into snake_case', () => {
    expect(naming.columnName('editionSize', undefined as unknown as string, [])).toBe(
      'edition_size',
    );
    expect(naming.columnName('passwordHash', 'pw', [])).toBe('pw');
    expect(naming.columnName('amount', undefined as unknown as string, ['priceMinor'])).toBe(
      'price_minor_amount',
    );
    expect(naming.tableName('InventoryLedgerEntry', undefined)).toBe('inventory_ledger_entry');
    expect(naming.tableName('X', 'holds')).toBe('holds');
    expect(naming.joinColumnName('drop', 'id')).toBe('drop_id');
    expect(naming.columnName('JSONPayload', undefined as unknown as string, [])).toBe(
      'json_payload',
    );
  });
});
