// The unit ledger (`inventory_movements`): below drops, so both drops (units back to the
// edition) and inventory (every hold's movement) write it through the one insert.
export * from './inventory-ledger';
export * from './inventory-movement.entity';
export * from './ledger.module';
export * from './movement-series';
