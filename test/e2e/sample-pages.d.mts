export interface SampleRecord {
  url: string;
  title: string;
  tags: string[];
  status: 'unread' | 'read' | 'archived';
  createdAt: string;
  updatedAt: string;
}

export function samplePages(count: number, day0?: number): SampleRecord[];
