import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, Actor, ConnectionArgs, CurrentActor, HumanSession, IdArgs, Roles } from '@aims/platform';
import {
  CreateExportDownloadInput,
  ExportJobFilter,
  RequestEvidencePackInput,
  RotatePackSigningKeyInput,
} from './dto/export.inputs';
import {
  CreateExportDownloadPayload,
  ExportJobConnection,
  ExportJobModel,
  RequestEvidencePackPayload,
  RotatePackSigningKeyPayload,
} from './export-job.model';
import { ExportsService } from './exports.service';
import { PackSigningKeys } from './pack-signing-keys.service';

@Resolver(() => ExportJobModel)
export class ExportResolver {
  constructor(
    private readonly exports: ExportsService,
    private readonly keys: PackSigningKeys,
  ) {}

  @Mutation(() => RequestEvidencePackPayload, {
    description: 'Starts building a signed evidence pack for auditors; follow it with exportJob(id).',
  })
  @Roles(...Access.AUDIT)
  async requestEvidencePack(
    @CurrentActor() actor: Actor,
    @Args('input') input: RequestEvidencePackInput,
  ): Promise<RequestEvidencePackPayload> {
    return { job: await this.exports.request(actor, input) };
  }

  @Query(() => ExportJobModel)
  @Roles(...Access.AUDIT)
  exportJob(@CurrentActor() actor: Actor, @Args() { id }: IdArgs): Promise<ExportJobModel> {
    return this.exports.get(actor, id);
  }

  @Query(() => ExportJobConnection, { description: 'Export jobs, newest first.' })
  @Roles(...Access.AUDIT)
  exportJobs(
    @CurrentActor() actor: Actor,
    @Args() page: ConnectionArgs,
    @Args('filter', { type: () => ExportJobFilter, nullable: true }) filter?: ExportJobFilter,
  ) {
    return this.exports.list(actor, filter ?? {}, page.first, page.after);
  }

  @Mutation(() => CreateExportDownloadPayload, {
    description: 'A short-lived URL for a COMPLETED pack. Issuing it and every download are audited.',
  })
  @Roles(...Access.AUDIT)
  createExportDownload(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateExportDownloadInput,
  ): Promise<CreateExportDownloadPayload> {
    return this.exports.createDownload(actor, input);
  }

  @Mutation(() => RotatePackSigningKeyPayload, {
    description:
      'Retires the organisation’s pack signing key and makes a new one for every pack from now on. The retired key stays published at /.well-known/aims-pack-keys.json, so packs it signed still verify.',
  })
  @Roles(...Access.MANAGE)
  @HumanSession()
  rotatePackSigningKey(
    @CurrentActor() actor: Actor,
    @Args('input') input: RotatePackSigningKeyInput,
  ): Promise<RotatePackSigningKeyPayload> {
    return this.keys.rotate(actor, input.reason);
  }
}
