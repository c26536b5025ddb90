import { Field, ObjectType } from 'type-graphql';

@ObjectType('Identity', { description: 'An identifier that points at one profile.' })
export class IdentityType {
  @Field({ description: 'email, phone, wechat_unionid, wechat_openid or external_id.' })
  type!: string;

  @Field({ description: 'Normalized value: lower-cased e-mail, E.164 phone, `source:id` for external ids.' })
  value!: string;

  @Field({ description: 'The source that supplied it first.' })
  source!: string;
}
