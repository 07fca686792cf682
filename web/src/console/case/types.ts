import type { GetResponse } from '../../shared/api';

export type CaseDetail = GetResponse<'/api/cases/{id}'>;
export type Attachment = GetResponse<'/api/cases/{id}/attachments'>['items'][number];
