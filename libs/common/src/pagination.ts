export interface PageRequest {
  page: number;
  perPage: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}

export const offsetOf = (p: PageRequest) => (p.page - 1) * p.perPage;
