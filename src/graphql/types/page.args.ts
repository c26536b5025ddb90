import { IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 20;

/** Forward paging arguments (first, after) of a list whose page size defaults to `defaultSize`. */
export function pageArgs(defaultSize: number) {
  @ArgsType()
  class PageArgs {
    // Nullable so that a typed client may send `first: null` and get the default.
    @Field(() => Int, { nullable: true, defaultValue: defaultSize, description: `Page size, 1 to ${MAX_PAGE_SIZE}; ${defaultSize} when omitted.` })
    @IsOptional()
    @Min(1)
    @Max(MAX_PAGE_SIZE, { message: `first must not be greater than ${MAX_PAGE_SIZE}` })
    first?: number | null;

    @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
    after?: string;
  }
  return PageArgs;
}

/** Paging arguments with the default page size. */
@ArgsType()
export class PageArgs extends pageArgs(DEFAULT_PAGE_SIZE) {}
