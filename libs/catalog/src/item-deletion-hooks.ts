import { afterCommit } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What went with a deleted item: its images' rows (their files are another library's). */
export interface DeletedItem {
  itemId: string;
  collectiveId: string;
  imageIds: string[];
}

type ItemDeletionHook = (deleted: DeletedItem) => Promise<void>;

/**
 * Clean-up other libraries do once an item's deletion has committed (media removes the image
 * files). Catalog cannot know those libraries (they depend on it), so they register here; each
 * hook runs as an after-commit step of the deletion (platform's `afterCommit`), so one that
 * fails is logged and never fails the deletion: the rows are gone either way, and leftover
 * files are unreferenced (never served).
 */
@Injectable()
export class ItemDeletionHooks {
  private readonly hooks: Array<{ what: string; run: ItemDeletionHook }> = [];

  register(what: string, run: ItemDeletionHook): void {
    this.hooks.push({ what, run });
  }

  /** In the deletion's transaction: every hook runs once it commits. */
  async afterItemDeleted(manager: EntityManager, deleted: DeletedItem): Promise<void> {
    for (const hook of this.hooks) {
      await afterCommit(manager, hook.what, () => hook.run(deleted));
    }
  }
}
