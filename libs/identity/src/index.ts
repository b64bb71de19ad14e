export * from './dto/sign-up.dto';
export * from './dto/user.response';
export * from './identity.errors';
export * from './identity.module';
export * from './identity.service';
export * from './password-hasher';
export * from './user.entity';
