/**
 * The 55 bodies the district command centre can bring in: district bureaus, the district
 * branches of city agencies, public institutions, mass organisations and the utilities.
 * Names follow Pukou's real structure; telephone numbers are synthetic.
 */

export type DepartmentKind = 'government' | 'party' | 'mass_organisation' | 'public_institution' | 'public_utility' | 'enterprise';

export interface DepartmentSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: DepartmentKind;
  phone: string;
}

const LIST: readonly [string, string, string, DepartmentKind][] = [
  ['public_security', '南京市公安局浦口分局', 'Pukou Branch, Nanjing Public Security Bureau', 'government'],
  ['traffic_police', '南京市公安局交通管理局浦口大队', 'Pukou Traffic Police Brigade', 'government'],
  ['urban_management', '浦口区城市管理局', 'Pukou Urban Management Bureau', 'government'],
  ['law_enforcement', '浦口区综合行政执法局', 'Pukou Comprehensive Administrative Law Enforcement Bureau', 'government'],
  ['housing_construction', '浦口区住房和城乡建设局', 'Pukou Housing and Urban-Rural Development Bureau', 'government'],
  ['transport', '浦口区交通运输局', 'Pukou Transport Bureau', 'government'],
  ['water', '浦口区水务局', 'Pukou Water Affairs Bureau', 'government'],
  ['ecology_environment', '南京市浦口生态环境局', 'Pukou Ecology and Environment Bureau', 'government'],
  ['market_regulation', '浦口区市场监督管理局', 'Pukou Market Regulation Administration', 'government'],
  ['health', '浦口区卫生健康委员会', 'Pukou Health Commission', 'government'],
  ['education', '浦口区教育局', 'Pukou Education Bureau', 'government'],
  ['civil_affairs', '浦口区民政局', 'Pukou Civil Affairs Bureau', 'government'],
  ['emergency_management', '浦口区应急管理局', 'Pukou Emergency Management Bureau', 'government'],
  ['fire_rescue', '南京市浦口区消防救援大队', 'Pukou Fire and Rescue Brigade', 'government'],
  ['natural_resources', '南京市规划和自然资源局浦口分局', 'Pukou Branch, Nanjing Planning and Natural Resources Bureau', 'government'],
  ['agriculture', '浦口区农业农村局', 'Pukou Agriculture and Rural Affairs Bureau', 'government'],
  ['human_resources', '浦口区人力资源和社会保障局', 'Pukou Human Resources and Social Security Bureau', 'government'],
  ['commerce', '浦口区商务局', 'Pukou Commerce Bureau', 'government'],
  ['culture_tourism', '浦口区文化广电和旅游局', 'Pukou Culture, Radio, Television and Tourism Bureau', 'government'],
  ['sports', '浦口区体育局', 'Pukou Sports Bureau', 'government'],
  ['justice', '浦口区司法局', 'Pukou Justice Bureau', 'government'],
  ['petition', '浦口区信访局', 'Pukou Letters and Visits Bureau', 'government'],
  ['veterans', '浦口区退役军人事务局', 'Pukou Veterans Affairs Bureau', 'government'],
  ['medical_security', '浦口区医疗保障局', 'Pukou Healthcare Security Bureau', 'government'],
  ['statistics', '浦口区统计局', 'Pukou Statistics Bureau', 'government'],
  ['development_reform', '浦口区发展和改革委员会', 'Pukou Development and Reform Commission', 'government'],
  ['industry_it', '浦口区工业和信息化局', 'Pukou Industry and Information Technology Bureau', 'government'],
  ['finance', '浦口区财政局', 'Pukou Finance Bureau', 'government'],
  ['audit', '浦口区审计局', 'Pukou Audit Bureau', 'government'],
  ['data', '浦口区数据局', 'Pukou Data Bureau', 'government'],
  ['ethnic_religious', '浦口区民族宗教事务局', 'Pukou Ethnic and Religious Affairs Bureau', 'government'],
  ['tax', '国家税务总局南京市浦口区税务局', 'Pukou Tax Bureau, State Taxation Administration', 'government'],
  ['meteorology', '南京市浦口区气象局', 'Pukou Meteorological Bureau', 'government'],
  ['flood_control', '浦口区防汛抗旱指挥部办公室', 'Pukou Flood Control and Drought Relief Office', 'government'],
  ['political_legal', '中共南京市浦口区委政法委员会', 'Pukou Political and Legal Affairs Commission', 'party'],
  ['women_federation', '浦口区妇女联合会', 'Pukou Women’s Federation', 'mass_organisation'],
  ['youth_league', '共青团南京市浦口区委员会', 'Pukou Communist Youth League Committee', 'mass_organisation'],
  ['disabled_federation', '浦口区残疾人联合会', 'Pukou Disabled Persons’ Federation', 'mass_organisation'],
  ['greening', '浦口区园林绿化管理中心', 'Pukou Parks and Greening Centre', 'public_institution'],
  ['sanitation', '浦口区环境卫生管理所', 'Pukou Environmental Sanitation Office', 'public_institution'],
  ['municipal_maintenance', '浦口区市政设施综合养护所', 'Pukou Municipal Facilities Maintenance Office', 'public_institution'],
  ['disease_control', '浦口区疾病预防控制中心', 'Pukou Centre for Disease Control and Prevention', 'public_institution'],
  ['peoples_hospital', '南京市浦口人民医院', 'Nanjing Pukou People’s Hospital', 'public_institution'],
  ['emergency_medical', '南京市急救中心浦口分中心', 'Pukou Branch, Nanjing Emergency Medical Centre', 'public_institution'],
  ['housing_services', '浦口区房产服务中心', 'Pukou Housing Services Centre', 'public_institution'],
  ['power_supply', '国网南京市浦口区供电公司', 'State Grid Pukou Power Supply Company', 'public_utility'],
  ['water_supply', '南京水务集团浦口自来水有限公司', 'Pukou Water Supply Company', 'public_utility'],
  ['drainage', '南京浦口排水有限公司', 'Pukou Drainage Company', 'public_utility'],
  ['gas', '南京港华燃气有限公司浦口分公司', 'Towngas Nanjing, Pukou Branch', 'public_utility'],
  ['china_telecom', '中国电信南京浦口分公司', 'China Telecom Pukou Branch', 'public_utility'],
  ['china_mobile', '中国移动南京浦口分公司', 'China Mobile Pukou Branch', 'public_utility'],
  ['china_unicom', '中国联通南京浦口分公司', 'China Unicom Pukou Branch', 'public_utility'],
  ['cable_tv', '江苏有线南京浦口分公司', 'Jiangsu Cable, Pukou Branch', 'public_utility'],
  ['china_tower', '中国铁塔南京市分公司浦口办事处', 'China Tower, Pukou Office', 'enterprise'],
  ['public_transport', '南京浦口公共交通有限公司', 'Pukou Public Transport Company', 'enterprise'],
];

/** The departments, with synthetic landline numbers in Nanjing's 025 area (58xx is Pukou's range). */
export function departments(): DepartmentSeed[] {
  return LIST.map(([code, nameZh, nameEn, kind], i) => ({
    code,
    nameZh,
    nameEn,
    kind,
    phone: `025-58${String(100_001 + ((i * 7_919) % 899_999)).padStart(6, '0')}`,
  }));
}
