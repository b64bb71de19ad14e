import { Injectable, Logger } from '@nestjs/common';

/** What went with a deleted item: its images' rows (their files are another library's). */
export interface DeletedItem {
  itemId: string;
  collectiveId: string;
  imageIds: string[];
}

type ItemDeletionHook = (deleted: DeletedItem) => Promise<void>;

/**
 * Clean-up other libraries do once an item's deletion has committed (media removes the image
 * files). Catalog cannot know those libraries (they depend on it), so they register here. A hook
 * that fails is logged and never fails the deletion: the rows are gone either way, and leftover
 * files are unreferenced (never served).
 */
@Injectable()
export class ItemDeletionHooks {
  private readonly logger = new Logger(ItemDeletionHooks.name);
  private readonly hooks: Array<{ what: string; run: ItemDeletionHook }> = [];

  register(what: string, run: ItemDeletionHook): void {
    this.hooks.push({ what, run });
  }

  async itemDeleted(deleted: DeletedItem): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook.run(deleted);
      } catch (error) {
        this.logger.warn(
          { err: error, itemId: deleted.itemId, hook: hook.what },
          'clean-up after an item deletion failed',
        );
      }
    }
  }
}
