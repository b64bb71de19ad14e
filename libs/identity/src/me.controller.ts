import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal, SignedIn } from './auth/auth.decorators';
import type { Principal } from './auth/principal';
import { UserResponse } from './dto/user.response';
import { IdentityService } from './identity.service';

@ApiTags('me')
@Controller('me')
@SignedIn()
export class MeController {
  constructor(private readonly identity: IdentityService) {}

  @Get()
  @ApiOperation({ summary: 'Your own account: id, email, display name, role.' })
  @ApiOkResponse({ type: UserResponse, description: 'The signed-in account.' })
  async me(@CurrentPrincipal() principal: Principal): Promise<UserResponse> {
    return UserResponse.from(await this.identity.findById(principal.userId));
  }
}
