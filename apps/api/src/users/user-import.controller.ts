import { BadRequestException, Controller, HttpCode, Post, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '@academy/common';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { USER_IMPORT_COLUMNS, UserImportService } from './user-import.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UserImportController {
  constructor(private readonly imports: UserImportService) {}

  @Post('import')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: `Create many people of your city from a CSV (${USER_IMPORT_COLUMNS.join(',')})`,
    description:
      'Send the file as a `text/csv` body or as a multipart field `file`. Each line is created as POST /api/users ' +
      'creates one, with the same checks, and mailed an invitation; `role` is learner, trainer or admin (default ' +
      'learner). A bad line, or an e-mail already registered, is listed in `errors` with its line number and does ' +
      'not stop the others. Columns may be separated by commas, semicolons or tabs; the encodings accepted are those ' +
      'of the attendance import.',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ description: '`{rows, created, invited, errors: [{line, message}]}`' })
  @ApiBadRequestResponse({ description: 'Not a CSV, no header with email and name, or no file; the message names `file`' })
  @ApiPayloadTooLargeResponse({ description: 'The file is larger than IMPORT_MAX_BYTES' })
  import(@CurrentActor() actor: Actor, @Req() req: Request, @UploadedFile() file?: { buffer: Buffer }) {
    const content = file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : null);
    if (!content?.length) throw new BadRequestException('file: send the CSV as a text/csv body or as a multipart field named "file"');
    return this.imports.import(actor, content);
  }
}
