import { ArgsType, Field, ID } from 'type-graphql';
import { PageArgs, pageArgs } from './page.args';

export const DEFAULT_REJECTIONS_PAGE_SIZE = 50;

@ArgsType()
export class SyncRunsArgs extends PageArgs {
  @Field(() => ID, { description: 'The connection id or name.' })
  connectionId!: string;
}

@ArgsType()
export class RejectionsArgs extends pageArgs(DEFAULT_REJECTIONS_PAGE_SIZE) {}
