import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested,
} from 'class-validator';
import type { Actor } from '@academy/common';
import {
  CONCERNS, type Format, FORMATS, KNOWLEDGE_LEVELS, type KnowledgeLevel, type NeedsAnswers, SurveysService,
} from '@academy/surveys';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';

const rating = () => (target: object, key: string) => {
  IsInt()(target, key);
  Min(1)(target, key);
  Max(4)(target, key);
  ApiProperty({ minimum: 1, maximum: 4 })(target, key);
};

export class NecessityDto {
  @rating() ethics: number;
  @rating() 'human-rights': number;
  @rating() bias: number;
  @rating() inclusion: number;
  @rating() 'data-control': number;
  @rating() 'privacy-security': number;
  @rating() participation: number;
}

export class NeedsAnswersDto implements NeedsAnswers {
  @ApiProperty({ enum: KNOWLEDGE_LEVELS }) @IsIn(KNOWLEDGE_LEVELS) knowledgeLevel: KnowledgeLevel;
  @ApiProperty() @IsBoolean() hadDataProtectionTraining: boolean;
  @ApiProperty({ type: NecessityDto }) @ValidateNested() @Type(() => NecessityDto) necessity: NecessityDto;
  @ApiProperty({ enum: CONCERNS, isArray: true }) @IsArray() @ArrayUnique() @IsIn(CONCERNS, { each: true }) concerns: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) otherConcern?: string;
  @ApiProperty({ enum: FORMATS, isArray: true, description: 'Most preferred first' })
  @IsArray() @ArrayUnique() @ArrayMaxSize(FORMATS.length) @IsIn(FORMATS, { each: true }) preferredFormats: Format[];
}

@ApiTags('needs assessment')
@ApiBearerAuth()
@Controller('api/surveys/needs-assessment')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get()
  @ApiOperation({ summary: 'The questions: knowledge, seven areas rated for necessity, concerns, formats' })
  instrument() {
    return this.surveys.instrument();
  }

  @Post('responses')
  // A city's people answer it; the coalition's academy team is not a respondent.
  @Roles('learner', 'trainer', 'admin')
  @ApiOperation({ summary: 'Answer the needs assessment (once; 409 the second time)' })
  answer(@CurrentActor() actor: Actor, @Body() dto: NeedsAnswersDto) {
    return this.surveys.answer(actor, dto);
  }

  @Get('results')
  @Roles('admin')
  @ApiOperation({
    summary: "Your city's results per area and format, and the deep dives ranked by need",
    description: 'Fewer than 5 responses are not broken down (suppressed: true).',
  })
  results(@CurrentActor() actor: Actor) {
    return this.surveys.results(actor);
  }
}
