import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { type Actor, CurrentActor } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { SetDropShippingDto, ShippingProfileDto } from './dto/shipping-profile.dto';
import {
  DropShippingProfileResponse,
  ShippingProfileListResponse,
  ShippingProfileResponse,
} from './dto/shipping-profile.response';
import { DropShippingProfiles } from './drop-shipping-profiles';
import { ShippingService } from './shipping.service';

@ApiTags('shipping')
@Controller('collectives/:collective')
export class ShippingProfilesController {
  constructor(
    private readonly shipping: ShippingService,
    private readonly dropProfiles: DropShippingProfiles,
  ) {}

  @Get('shipping-profiles')
  @CollectiveRole('staff')
  @ApiOperation({ summary: "The collective's shipping profiles, by name." })
  @ApiOkResponse({ type: ShippingProfileListResponse })
  async list(@CurrentCollective() collective: CollectiveRef): Promise<ShippingProfileListResponse> {
    const profiles = await this.shipping.list(collective);
    return { data: profiles.map((p) => ShippingProfileResponse.from(p)) };
  }

  @Post('shipping-profiles')
  @CollectiveRole('staff')
  @ApiOperation({
    summary: 'Create a shipping profile: zones of countries, each with up to five rates in all.',
    description:
      'A rate costs flatMinor per order plus perUnitMinor per unit, and nothing when the goods ' +
      'are worth at least freeAboveMinor. Audited.',
  })
  @ApiCreatedResponse({ type: ShippingProfileResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SHIPPING_PROFILE_NAME_TAKEN' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'SHIPPING_ZONES_INVALID' })
  async create(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Body() body: ShippingProfileDto,
  ): Promise<ShippingProfileResponse> {
    return ShippingProfileResponse.from(await this.shipping.create(actor, collective, body));
  }

  @Get('shipping-profiles/:profile')
  @CollectiveRole('staff')
  @ApiParam({ name: 'profile', format: 'uuid' })
  @ApiOperation({ summary: 'One shipping profile.' })
  @ApiOkResponse({ type: ShippingProfileResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SHIPPING_PROFILE_NOT_FOUND' })
  async one(
    @CurrentCollective() collective: CollectiveRef,
    @Param('profile', CanonicalUuidPipe) profileId: string,
  ): Promise<ShippingProfileResponse> {
    return ShippingProfileResponse.from(await this.shipping.get(collective, profileId));
  }

  @Put('shipping-profiles/:profile')
  @CollectiveRole('staff')
  @ApiParam({ name: 'profile', format: 'uuid' })
  @ApiOperation({
    summary: 'Replace a shipping profile whole; orders already made keep their shipping. Audited.',
  })
  @ApiOkResponse({ type: ShippingProfileResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SHIPPING_PROFILE_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'SHIPPING_PROFILE_NAME_TAKEN, SHIPPING_CURRENCY_MISMATCH',
  })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'SHIPPING_ZONES_INVALID' })
  async replace(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('profile', CanonicalUuidPipe) profileId: string,
    @Body() body: ShippingProfileDto,
  ): Promise<ShippingProfileResponse> {
    return ShippingProfileResponse.from(
      await this.shipping.replace(actor, collective, profileId, body),
    );
  }

  @Delete('shipping-profiles/:profile')
  @HttpCode(HttpStatus.NO_CONTENT)
  @CollectiveRole('staff')
  @ApiParam({ name: 'profile', format: 'uuid' })
  @ApiOperation({
    summary: 'Delete a shipping profile that no open drop ships with. Audited.',
    description:
      'Closed and cancelled drops let go of it (their orders keep the shipping they were ' +
      'charged). A draft, scheduled, live or sold-out drop using it refuses the deletion with ' +
      '409 SHIPPING_PROFILE_IN_USE, its ids in details[0].dropIds; nothing changes.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SHIPPING_PROFILE_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SHIPPING_PROFILE_IN_USE' })
  async remove(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('profile', CanonicalUuidPipe) profileId: string,
  ): Promise<void> {
    await this.shipping.remove(actor, collective, profileId);
  }

  @Get('drops/:drop/shipping')
  @CollectiveRole('staff')
  @ApiParam({ name: 'drop', format: 'uuid' })
  @ApiOperation({
    summary: 'The shipping profile a drop ships with, or null when it has none yet.',
    description: 'Without a profile, checkout collects no address and charges no shipping.',
  })
  @ApiOkResponse({ type: DropShippingProfileResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  async dropProfile(
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<DropShippingProfileResponse> {
    const profile = await this.dropProfiles.of(collective, dropId);
    return { dropId, profile: profile ? ShippingProfileResponse.from(profile) : null };
  }

  @Put('drops/:drop/shipping')
  @CollectiveRole('staff')
  @ApiParam({ name: 'drop', format: 'uuid' })
  @ApiOperation({
    summary:
      "Choose the shipping profile a drop ships with: its countries are checkout's only ones.",
  })
  @ApiOkResponse({ type: ShippingProfileResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'DROP_NOT_FOUND, SHIPPING_PROFILE_NOT_FOUND',
  })
  @ApiConflictResponse({ type: ErrorBody, description: 'SHIPPING_CURRENCY_MISMATCH' })
  async setDropProfile(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Body() body: SetDropShippingDto,
  ): Promise<ShippingProfileResponse> {
    const { profile } = await this.dropProfiles.set(
      actor,
      collective,
      dropId,
      body.profileId.toLowerCase(),
    );
    return ShippingProfileResponse.from(profile);
  }
}
