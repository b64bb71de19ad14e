import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Collective } from './collective.entity';

/**
 * Registers `Collective`, without collectives' routes, for a library whose entities keep a
 * foreign key to it (catalog's items and variants): the apps load only the entities some module
 * registers (`autoLoadEntities`), and the worker mounts no `CollectivesModule`. The owner
 * registers its entity, so the relation does not rest on another library naming it.
 */
@Module({ imports: [TypeOrmModule.forFeature([Collective])] })
export class CollectiveEntityModule {}
