// The portal's calls: /api/public/* only, through the one fetch wrapper (errors → ApiError with
// the server's code and field).

import type { Satisfaction } from '@xiuhua/domain/workflow';
import type * as contract from '@xiuhua/server/contract';
import { api, get, post } from '../api/client.ts';

export type { PublicStage as Stage, Satisfaction } from '@xiuhua/domain/workflow';
export type {
  PortalConfig,
  PublicCategory as Category,
  PublicPhoto,
  PublicReport as Report,
  PublicUnit as Unit,
} from '@xiuhua/server/contract';
export type Crs = 'WGS84' | 'GCJ02';
export type Milestone = contract.PublicReport['milestones'][number];
export type MapPoint = contract.PublicMapFeatures['features'][number]['properties'];

export type { ClaimablePhoto as UploadedPhoto } from '@xiuhua/server/contract';

export interface NewReport {
  category: string;
  description?: string;
  location: { lon: number; lat: number; crs: Crs };
  address?: string;
  phone?: string;
  photos: { id: string; claim: string }[];
  formToken: string;
  website: string;
}

export const portalConfig = () => get<contract.PortalConfig>('/api/public/config');
export const categories = (q?: string) =>
  get<{ categories: contract.PublicCategory[] }>('/api/public/categories', { q }).then((r) => r.categories);
export const formToken = () => get<contract.FormToken>('/api/public/form-token');

export function uploadPhoto(file: File): Promise<contract.ClaimablePhoto> {
  const form = new FormData();
  form.append('file', file, file.name || 'photo.jpg');
  return api<contract.ClaimablePhoto>('POST', '/api/public/photos', form);
}

export const submitReport = (body: NewReport, idempotencyKey: string) =>
  post<contract.SubmittedReport>('/api/public/reports', body, {
    'idempotency-key': idempotencyKey,
  });

export const trackReport = (code: string) =>
  get<contract.PublicReport>(`/api/public/reports/${encodeURIComponent(code)}`);

export const rateReport = (code: string, satisfaction: Satisfaction, comment?: string) =>
  post<contract.PublicReport>(`/api/public/reports/${encodeURIComponent(code)}/rating`, {
    satisfaction,
    comment,
  });

export const publicMap = () =>
  get<GeoJSON.FeatureCollection<GeoJSON.Point, MapPoint> & { truncated: boolean }>('/api/public/map');

export const areaOutlines = () => get<GeoJSON.FeatureCollection>('/api/public/areas');
