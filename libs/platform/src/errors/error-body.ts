import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainErrorDetail } from './domain-error';

class ErrorDetail implements DomainErrorDetail {
  @ApiPropertyOptional({ example: 'email' })
  field?: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;

  [key: string]: unknown;
}

class ErrorPayload {
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty({ example: 'The request is invalid.' })
  message: string;

  @ApiPropertyOptional({ type: [ErrorDetail] })
  details?: ErrorDetail[];

  @ApiPropertyOptional({ description: 'Present on 500s; the same id is in the server log.' })
  errorId?: string;
}

/** The one shape of every error response. */
export class ErrorBody {
  @ApiProperty({ type: ErrorPayload })
  error: ErrorPayload;
}
