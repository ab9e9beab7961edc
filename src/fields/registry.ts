import { booleanType } from './boolean';
import { datetimeType } from './datetime';
import { emailType } from './email';
import { jsonType, richTextType } from './json';
import { floatType, integerType } from './number';
import { relationType, reverseType } from './relation';
import { selectType } from './select';
import { slugType } from './slug';
import { textType } from './text';
import type { FieldKind, FieldType } from '../types/fields';
import { urlType } from './url';

export const fieldTypes: Record<FieldKind, FieldType> = {
  text: textType,
  textarea: textType,
  email: emailType,
  url: urlType,
  slug: slugType,
  richText: richTextType,
  json: jsonType,
  integer: integerType,
  float: floatType,
  boolean: booleanType,
  datetime: datetimeType,
  select: selectType,
  relation: relationType,
  reverse: reverseType,
};
