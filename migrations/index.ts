// Every migration, in order. `npm run migration:generate` writes a new file here:
// add its class to this list (a unit test checks that none is missing).
import { UsersAndNotifications1764150000000 } from './1764150000000-users-and-notifications';

export const ALL_MIGRATIONS = [UsersAndNotifications1764150000000];
