import { type AuditActor } from '@limited-run/audit';
import {
  appendItemImage,
  deleteItemImage,
  Item,
  itemImageRenditions,
  ItemImageResponse,
  itemImages,
  ItemNotFoundError,
  itemOfCollective,
  ItemsService,
  reorderItemImages,
  updateItemImageAlt,
} from '@limited-run/catalog';
import type { CollectiveRef } from '@limited-run/collectives';
import { readDropsUsingVariants } from '@limited-run/drops';
import { afterCommit } from '@limited-run/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { processImage } from './image-processor';
import { ImageStorage } from './image-storage';
import { ImageNotFoundError, ImageOrderMismatchError } from './media.errors';

/** Every key of one image lives under this prefix. */
export const imagePrefix = (imageId: string): string => `images/${imageId}`;
export const renditionKey = (imageId: string, width: number): string =>
  `${imagePrefix(imageId)}/${width}.webp`;

/** Images of a collective's items: upload (resized), alt text, order, removal. */
@Injectable()
export class ImagesService {
  private readonly logger = new Logger(ImagesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ImageStorage,
    private readonly items: ItemsService,
  ) {}

  /**
   * Stores the renditions first, then the row: a failure in between leaves unreferenced files
   * (harmless, never served), never a row pointing at missing files.
   */
  async upload(
    _actor: AuditActor,
    collective: CollectiveRef,
    itemId: string,
    file: Buffer,
    alt: string,
  ): Promise<ItemImageResponse[]> {
    await this.itemOf(this.dataSource.manager, collective.id, itemId);
    const processed = await processImage(file);
    const imageId = randomUUID();
    await Promise.all(
      processed.renditions.map((r) =>
        this.storage.put(renditionKey(imageId, r.width), r.body, 'image/webp'),
      ),
    );
    return this.dataSource.transaction(async (manager) => {
      // The item row's lock orders concurrent uploads, so positions never collide.
      await this.itemOf(manager, collective.id, itemId, true);
      await appendItemImage(manager, {
        id: imageId,
        itemId,
        alt,
        width: processed.width,
        height: processed.height,
        renditions: processed.renditions.map((r) => r.width),
      });
      return this.imagesOf(manager, itemId);
    });
  }

  async list(collectiveId: string, itemId: string): Promise<ItemImageResponse[]> {
    await this.itemOf(this.dataSource.manager, collectiveId, itemId);
    return this.imagesOf(this.dataSource.manager, itemId);
  }

  async updateAlt(
    collective: CollectiveRef,
    itemId: string,
    imageId: string,
    alt: string,
  ): Promise<ItemImageResponse[]> {
    return this.dataSource.transaction(async (manager) => {
      await this.itemOf(manager, collective.id, itemId, true);
      if (!(await updateItemImageAlt(manager, itemId, imageId, alt))) {
        throw new ImageNotFoundError();
      }
      return this.imagesOf(manager, itemId);
    });
  }

  /** Sets the order: `imageIds` must name each of the item's images exactly once. */
  async reorder(
    collective: CollectiveRef,
    itemId: string,
    imageIds: string[],
  ): Promise<ItemImageResponse[]> {
    return this.dataSource.transaction(async (manager) => {
      await this.itemOf(manager, collective.id, itemId, true);
      if (!(await reorderItemImages(manager, itemId, imageIds))) {
        throw new ImageOrderMismatchError();
      }
      return this.imagesOf(manager, itemId);
    });
  }

  async remove(collective: CollectiveRef, itemId: string, imageId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.itemOf(manager, collective.id, itemId, true);
      if (!(await deleteItemImage(manager, itemId, imageId))) throw new ImageNotFoundError();
      // After commit: a failed clean-up leaves orphaned files (logged), never a row without files.
      await afterCommit(manager, 'delete the files of a removed image', () =>
        this.storage.deletePrefix(imagePrefix(imageId)),
      );
    });
  }

  /**
   * Deletes an item by catalog's rules (no drop may use it: drops' reader names those that do);
   * its image rows go with it, and their files once that commits.
   */
  async deleteItem(actor: AuditActor, collective: CollectiveRef, itemId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { imageIds } = await this.items.deleteItem(
        manager,
        actor,
        collective,
        itemId,
        readDropsUsingVariants,
      );
      await afterCommit(manager, "delete the files of a deleted item's images", () =>
        this.forgetFiles(imageIds),
      );
    });
  }

  /** One rendition's bytes, or undefined when the image or width does not exist. */
  async rendition(imageId: string, width: number): Promise<Buffer | undefined> {
    const renditions = await itemImageRenditions(this.dataSource, imageId);
    if (!renditions?.includes(width)) return undefined;
    return this.storage.get(renditionKey(imageId, width));
  }

  /**
   * Drops the files of images whose item was deleted (the rows went with the item). A file
   * that cannot be deleted is logged and left: unreferenced, it is never served.
   */
  private async forgetFiles(imageIds: string[]): Promise<void> {
    for (const id of imageIds) {
      await this.storage.deletePrefix(imagePrefix(id)).catch((error: unknown) => {
        this.logger.warn(
          { err: error, imageId: id },
          'could not delete the files of a deleted item image',
        );
      });
    }
  }

  private async itemOf(
    manager: EntityManager,
    collectiveId: string,
    itemId: string,
    lock = false,
  ): Promise<Item> {
    const item = await itemOfCollective(manager, collectiveId, itemId, lock);
    if (!item) throw new ItemNotFoundError();
    return item;
  }

  private async imagesOf(manager: EntityManager, itemId: string): Promise<ItemImageResponse[]> {
    return ItemImageResponse.list(await itemImages(manager, itemId));
  }
}
