import { fieldsForPeriod } from '../../shared/catalog';

/** A complete, valid set of typed values for a quarter (strings in form units). */
export function fullValues(period = '2020Q1', over: Record<string, string | number> = {}): Record<string, string | number> {
  const v: Record<string, string | number> = {};
  for (const f of fieldsForPeriod(period)) v[f.code] = '10';
  v.buildingArea = '100000';
  v.residentEnterprises = '50';
  v.operatorRevenue = '1000';
  return { ...v, ...over };
}

/** One base's full 2020 Q3 as a person types it in the form (form units; the e2e walk-throughs fill it). */
export const FORM_QUARTER: Readonly<Record<string, string>> = {
  buildingArea: '520000',
  selfOwnedArea: '300000',
  standardFactoryArea: '120000',
  avgRent: '25.50',
  avgSalePrice: '4800',
  serviceStaff: '35',
  certifiedMentors: '8',
  operatorAssets: '3656.8612',
  operatorRevenue: '1200.5',
  operatorServiceRevenue: '800',
  serviceExpenditure: '300.25',
  thirdPartyProviders: '12',
  residentEnterprises: '260',
  smallMicroEnterprises: '240',
  reportingEnterprises: '200',
  highTechEnterprises: '30',
  employees: '5600',
  enterpriseAssets: '250000',
  enterpriseRevenue: '180000.5',
  enterpriseProfit: '-1200.75',
  enterpriseTax: '9000',
  trademarks: '120',
  softwareCopyrights: '80',
  inventionPatents: '15',
  utilityPatents: '40',
  designPatents: '5',
  'service.info.sessions': '20',
  'service.info.enterprises': '150',
  'service.startup.sessions': '10',
  'service.startup.enterprises': '80',
  'service.training.sessions': '12',
  'service.training.enterprises': '300',
  'service.financing.sessions': '6',
  'service.financing.enterprises': '40',
  'service.other.sessions': '4',
  'service.other.enterprises': '25',
};
