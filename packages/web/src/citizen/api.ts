// The portal's calls: /api/public/* only, through the one fetch wrapper (errors → ApiError with
// the server's code and field).

import { api, get, post } from '../api/client.ts';

export type Stage =
  | 'submitted'
  | 'accepted'
  | 'filed'
  | 'handling'
  | 'deferred'
  | 'closed'
  | 'rejected'
  | 'merged';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type Crs = 'WGS84' | 'GCJ02';

export interface Category {
  id: string;
  zh: string;
  en: string;
  kind: 'component' | 'event';
  classCode: string;
}

export interface PortalConfig {
  baseMap: { urls: string[]; attribution: string; crs: Crs } | null;
  bbox: [number, number, number, number] | null;
}

export interface UploadedPhoto {
  id: string;
  thumbUrl: string;
  width: number;
  height: number;
  claim: string;
}

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

export interface PublicPhoto {
  url: string;
  thumbUrl: string;
}

export interface Unit {
  name: string;
  nameEn: string | null;
}

export interface Milestone {
  kind: string;
  at: string;
  unit?: Unit;
  photos?: PublicPhoto[];
  satisfaction?: Satisfaction;
}

export interface Report {
  trackingCode: string;
  category: { id: string | null; zh: string; en: string };
  stage: Stage;
  submittedAt: string;
  closedAt: string | null;
  address: string | null;
  location: { lon: number; lat: number };
  unit: Unit | null;
  photos: PublicPhoto[];
  afterPhotos: PublicPhoto[];
  milestones: Milestone[];
  mergedStage: Stage | null;
  rating: { satisfaction: Satisfaction; at: string } | null;
  canRate: boolean;
}

export interface MapPoint {
  category: string | null;
  name: string;
  nameEn: string;
  stage: Stage;
  reported: string;
  closed: string | null;
}

export const portalConfig = () => get<PortalConfig>('/api/public/config');
export const categories = (q?: string) =>
  get<{ categories: Category[] }>('/api/public/categories', { q }).then((r) => r.categories);
export const formToken = () => get<{ token: string; minSeconds: number }>('/api/public/form-token');

export function uploadPhoto(file: File): Promise<UploadedPhoto> {
  const form = new FormData();
  form.append('file', file, file.name || 'photo.jpg');
  return api<UploadedPhoto>('POST', '/api/public/photos', form);
}

export const submitReport = (body: NewReport, idempotencyKey: string) =>
  post<{ trackingCode: string; stage: Stage; submittedAt: string }>('/api/public/reports', body, {
    'idempotency-key': idempotencyKey,
  });

export const trackReport = (code: string) => get<Report>(`/api/public/reports/${encodeURIComponent(code)}`);

export const rateReport = (code: string, satisfaction: Satisfaction, comment?: string) =>
  post<Report>(`/api/public/reports/${encodeURIComponent(code)}/rating`, { satisfaction, comment });

export const publicMap = () =>
  get<GeoJSON.FeatureCollection<GeoJSON.Point, MapPoint> & { truncated: boolean }>('/api/public/map');

export const areaOutlines = () => get<GeoJSON.FeatureCollection>('/api/public/areas');
