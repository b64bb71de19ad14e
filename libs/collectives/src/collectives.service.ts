import { AuditLog } from '@limited-run/audit';
import { Actor, userByEmail } from '@limited-run/identity';
import { isUniqueViolation, type Paged, type PageRequest } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Collective } from './collective.entity';
import { OwnerNotFoundError, SlugTakenError } from './collectives.errors';
import type { CreateCollectiveDto } from './dto/create-collective.dto';
import type { MembershipView } from './dto/membership.response';
import { Membership } from './membership.entity';

@Injectable()
export class CollectivesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Creates a collective with its first owner, an existing active account. */
  async create(actor: Actor, input: CreateCollectiveDto): Promise<Collective> {
    return this.dataSource
      .transaction(async (manager) => {
        const owner = await userByEmail(manager, input.ownerEmail, 'active');
        if (!owner) throw new OwnerNotFoundError();
        const collective = await manager
          .getRepository(Collective)
          .save(manager.create(Collective, { name: input.name, slug: input.slug }));
        await manager
          .getRepository(Membership)
          .insert({ collectiveId: collective.id, userId: owner.id, role: 'owner' });
        await this.audit.record(manager, {
          actor,
          action: 'collective.create',
          targetType: 'collective',
          targetId: collective.id,
          collectiveId: collective.id,
          after: { name: collective.name, slug: collective.slug, ownerUserId: owner.id },
        });
        return collective;
      })
      .catch((error: unknown) => {
        // Checking first would race; the unique constraint decides between concurrent creates.
        if (isUniqueViolation(error, 'UQ_collectives_slug')) throw new SlugTakenError();
        throw error;
      });
  }

  async list(page: PageRequest): Promise<Paged<Collective>> {
    const [rows, total] = await this.dataSource.getRepository(Collective).findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      take: page.pageSize,
      skip: (page.page - 1) * page.pageSize,
    });
    return { rows, total };
  }

  /** Every collective the user belongs to, oldest membership first. */
  async membershipsOf(userId: string): Promise<MembershipView[]> {
    const memberships = await this.dataSource.getRepository(Membership).find({
      where: { userId },
      relations: { collective: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return memberships.map((m) => ({
      collective: { id: m.collectiveId, slug: m.collective!.slug, name: m.collective!.name },
      role: m.role,
      joinedAt: m.createdAt,
    }));
  }
}
