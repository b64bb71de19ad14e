export * from './catalog-http.module';
export * from './catalog.errors';
export * from './catalog.module';
export * from './dto/create-item.dto';
export * from './dto/create-variant.dto';
export * from './dto/item.response';
export * from './dto/item-image.response';
export * from './dto/item-kind.response';
export * from './dto/list-items.query';
export * from './dto/update-item.dto';
export * from './dto/update-variant.dto';
export * from './dto/variant.response';
export * from './edition-allocator';
export * from './item.entity';
export * from './items.service';
export * from './item-image.entity';
export * from './kinds/item-kind';
export * from './kinds/item-kinds';
export * from './kinds/kind-attributes';
export * from './kinds/kind-openapi';
export * from './kinds/kind-schemas';
export * from './variant.entity';
export * from './variant-labels';
export * from './variants.service';
export * from './dto/refuse-nulls';
// Pagination lives in platform now; checkout still imports it from here (kept so this change
// does not touch checkout while it is being worked on: switch its imports, then drop this).
export { PageInfo, pageInfo, PageQuery, type Paged, type PageRequest } from '@limited-run/platform';
