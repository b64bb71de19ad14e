import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryMovement } from './inventory-movement.entity';

/**
 * Registers the ledger's entity for the apps' TypeORM (`autoLoadEntities`). The ledger is
 * written and read with plain functions in the caller's transaction, so it has no providers.
 */
@Module({
  imports: [TypeOrmModule.forFeature([InventoryMovement])],
})
export class LedgerModule {}
