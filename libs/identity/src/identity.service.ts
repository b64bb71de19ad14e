import { NotificationsDispatcher, NotificationsService } from '@limited-run/notifications';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { SignUpDto } from './dto/sign-up.dto';
import { EmailTakenError } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class IdentityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly notifications: NotificationsService,
    private readonly dispatcher: NotificationsDispatcher,
  ) {}

  /** Creates a fan account and its welcome message in one transaction; mail goes out after commit. */
  async signUp(input: SignUpDto): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    const { user, notificationId } = await this.dataSource
      .transaction(async (manager) => {
        const users = manager.getRepository(User);
        if (await users.exists({ where: { email: input.email } })) throw new EmailTakenError();
        const created = await users.save(
          users.create({
            email: input.email,
            displayName: input.displayName,
            passwordHash,
            role: 'fan',
          }),
        );
        const welcome = await this.notifications.record(manager, {
          recipientUserId: created.id,
          recipientEmail: created.email,
          template: 'welcome',
          payload: { displayName: created.displayName },
        });
        return { user: created, notificationId: welcome.id };
      })
      .catch((error: unknown) => {
        // Two sign-ups racing for one address: the unique constraint decides.
        if (
          error instanceof QueryFailedError &&
          (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
        ) {
          throw new EmailTakenError();
        }
        throw error;
      });
    await this.dispatcher.dispatch([notificationId]);
    return user;
  }
}
