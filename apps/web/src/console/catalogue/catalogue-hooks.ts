import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';
import { consoleDropKeys } from '../drops/drop-hooks';

export type ItemKind = components['schemas']['ItemKindResponse'];
export type CatalogueItem = components['schemas']['ItemResponse'];
export type CatalogueVariant = components['schemas']['VariantResponse'];
export type CatalogueImage = components['schemas']['ItemImageResponse'];
export type CreateItemInput = components['schemas']['CreateItemDto'];
export type UpdateItemInput = components['schemas']['UpdateItemDto'];
export type CreateVariantInput = components['schemas']['CreateVariantDto'];
export type UpdateVariantInput = components['schemas']['UpdateVariantDto'];

export const catalogueKeys = {
  kinds: ['item-kinds'] as const,
  // The drop editor reads the same list (free edition units per variant): one key for both.
  items: consoleDropKeys.items,
  item: (collective: string, itemId: string) => ['console', collective, 'items', itemId] as const,
  images: (collective: string, itemId: string) =>
    ['console', collective, 'items', itemId, 'images'] as const,
};

/** Every kind of item with its attribute schemas: the forms are generated from these. */
export function useItemKinds() {
  return useQuery({
    queryKey: catalogueKeys.kinds,
    staleTime: 5 * 60_000,
    queryFn: async () => unwrap(await api.GET('/item-kinds')),
  });
}

/** Rows per page of the console's item list. */
export const ITEMS_PAGE_SIZE = 50;

/** One page (one-based) of the collective's items, newest first, with the total. */
export function useItemsPage(collective: string, page: number) {
  return useQuery({
    queryKey: [...catalogueKeys.items(collective), 'page', page] as const,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/items', {
          params: { path: { collective }, query: { page, pageSize: ITEMS_PAGE_SIZE } },
        }),
      ),
  });
}

export function useItem(collective: string, itemId: string | undefined) {
  return useQuery({
    queryKey: catalogueKeys.item(collective, itemId ?? 'new'),
    enabled: itemId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/items/{item}', {
          params: { path: { collective, item: itemId as string } },
        }),
      ),
  });
}

/** Item, list and drop editor all show the same rows; any change refreshes the three. */
function useInvalidateCatalogue(collective: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['console', collective, 'items'] as const });
}

export function useCreateItem(collective: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async (body: CreateItemInput) =>
      unwrap(
        await api.POST('/collectives/{collective}/items', {
          params: { path: { collective } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useUpdateItem(collective: string, itemId: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async (body: UpdateItemInput) =>
      unwrap(
        await api.PATCH('/collectives/{collective}/items/{item}', {
          params: { path: { collective, item: itemId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeleteItem(collective: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async (itemId: string) =>
      unwrap(
        await api.DELETE('/collectives/{collective}/items/{item}', {
          params: { path: { collective, item: itemId } },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useCreateVariant(collective: string, itemId: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async (body: CreateVariantInput) =>
      unwrap(
        await api.POST('/collectives/{collective}/items/{item}/variants', {
          params: { path: { collective, item: itemId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useUpdateVariant(collective: string, itemId: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async ({ variantId, body }: { variantId: string; body: UpdateVariantInput }) =>
      unwrap(
        await api.PATCH('/collectives/{collective}/items/{item}/variants/{variant}', {
          params: { path: { collective, item: itemId, variant: variantId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeleteVariant(collective: string, itemId: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async (variantId: string) =>
      unwrap(
        await api.DELETE('/collectives/{collective}/items/{item}/variants/{variant}', {
          params: { path: { collective, item: itemId, variant: variantId } },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useItemImages(collective: string, itemId: string) {
  return useQuery({
    queryKey: catalogueKeys.images(collective, itemId),
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/items/{item}/images', {
          params: { path: { collective, item: itemId } },
        }),
      ),
  });
}

export function useUploadImage(collective: string, itemId: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async ({ file, alt }: { file: File; alt: string }) => {
      // The API reads `alt` before the file part, so it goes first.
      const form = new FormData();
      form.append('alt', alt);
      form.append('file', file);
      return unwrap(
        await api.POST('/collectives/{collective}/items/{item}/images', {
          params: { path: { collective, item: itemId } },
          body: { alt, file: '' },
          bodySerializer: () => form,
        }),
      );
    },
    onSuccess: invalidate,
  });
}

export function useUpdateImageAlt(collective: string, itemId: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async ({ imageId, alt }: { imageId: string; alt: string }) =>
      unwrap(
        await api.PATCH('/collectives/{collective}/items/{item}/images/{image}', {
          params: { path: { collective, item: itemId, image: imageId } },
          body: { alt },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useReorderImages(collective: string, itemId: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async (imageIds: string[]) =>
      unwrap(
        await api.PUT('/collectives/{collective}/items/{item}/images/order', {
          params: { path: { collective, item: itemId } },
          body: { imageIds },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeleteImage(collective: string, itemId: string) {
  const invalidate = useInvalidateCatalogue(collective);
  return useMutation({
    mutationFn: async (imageId: string) =>
      unwrap(
        await api.DELETE('/collectives/{collective}/items/{item}/images/{image}', {
          params: { path: { collective, item: itemId, image: imageId } },
        }),
      ),
    onSuccess: invalidate,
  });
}
