/**
 * Population categories: 实有人口 (everyone living here, with the special groups grid workers
 * look after), 户籍人口 (household registration) and 流动人口 (floating population). Rates are
 * per resident (or household) and roughly those of a Chinese district in the 2020s.
 */
import type { CategoryDef, Density, Domain, PersonProfile } from './categories.ts';

function person(domain: Domain, code: string, nameZh: string, nameEn: string, density: Density, person: PersonProfile): CategoryDef {
  return { code, domain, nameZh, nameEn, gbCode: null, personal: true, density, person };
}

const ALL_AGES: PersonProfile = { ageMin: 0, ageMax: 99 };
const ADULTS: PersonProfile = { ageMin: 18, ageMax: 85 };
const WORKING: PersonProfile = { ageMin: 18, ageMax: 60 };

const RESIDENT: CategoryDef[] = [
  person('resident_population', 'RP01', '常住人口', 'Permanent residents', { perCapita: 1 }, ALL_AGES),
  person('resident_population', 'RP02', '60岁及以上老年人', 'Older people (60+)', { perCapita: 0.19, rural: 1.3 }, { ageMin: 60, ageMax: 99 }),
  person('resident_population', 'RP03', '80岁及以上高龄老人', 'Oldest old (80+)', { perCapita: 0.03, rural: 1.3 }, { ageMin: 80, ageMax: 99, female: 0.58 }),
  person('resident_population', 'RP04', '独居老人', 'Older people living alone', { perCapita: 0.012, rural: 1.5 }, { ageMin: 65, ageMax: 99, female: 0.62 }),
  person('resident_population', 'RP05', '空巢老人', 'Empty-nest older people', { perCapita: 0.035, rural: 1.4 }, { ageMin: 60, ageMax: 95 }),
  person('resident_population', 'RP06', '失能半失能老人', 'Older people with disabilities in daily living', { perCapita: 0.008, rural: 1.3 }, { ageMin: 65, ageMax: 99, female: 0.56 }),
  person('resident_population', 'RP07', '留守儿童', 'Left-behind children', { perCapita: 0.004, urban: 0.4, rural: 3 }, { ageMin: 0, ageMax: 15 }),
  person('resident_population', 'RP08', '困境儿童', 'Children in difficulty', { perCapita: 0.002, rural: 1.5 }, { ageMin: 0, ageMax: 17 }),
  person('resident_population', 'RP09', '未成年人', 'Minors', { perCapita: 0.17 }, { ageMin: 0, ageMax: 17 }),
  person('resident_population', 'RP10', '残疾人', 'People with disabilities', { perCapita: 0.055, rural: 1.2 }, { ageMin: 0, ageMax: 99, female: 0.45 }),
  person('resident_population', 'RP11', '低保对象', 'Minimum-subsistence recipients', { perCapita: 0.012, rural: 1.6 }, ALL_AGES),
  person('resident_population', 'RP12', '特困供养人员', 'Persons in extreme poverty under state support', { perCapita: 0.002, rural: 2 }, { ageMin: 16, ageMax: 99, female: 0.35 }),
  person('resident_population', 'RP13', '退役军人', 'Veterans', { perCapita: 0.018 }, { ageMin: 20, ageMax: 95, female: 0.04 }),
  person('resident_population', 'RP14', '重点青少年', 'Youths at risk', { perCapita: 0.002, urban: 1.2 }, { ageMin: 6, ageMax: 25, female: 0.3 }),
  person('resident_population', 'RP15', '社区矫正对象', 'Persons under community correction', { perCapita: 0.0006 }, { ageMin: 18, ageMax: 75, female: 0.12 }),
  person('resident_population', 'RP16', '刑满释放人员', 'Released prisoners', { perCapita: 0.0015 }, { ageMin: 18, ageMax: 80, female: 0.08 }),
  person('resident_population', 'RP17', '严重精神障碍患者', 'Persons with severe mental disorders', { perCapita: 0.004 }, ADULTS),
  person('resident_population', 'RP18', '社区戒毒康复人员', 'Persons in community drug rehabilitation', { perCapita: 0.0008, urban: 1.3 }, { ageMin: 18, ageMax: 65, female: 0.15 }),
  person('resident_population', 'RP19', '育龄妇女', 'Women of childbearing age', { perCapita: 0.24 }, { ageMin: 15, ageMax: 49, female: 1 }),
  person('resident_population', 'RP20', '重点信访人员', 'Persistent petitioners', { perCapita: 0.0004 }, { ageMin: 30, ageMax: 85 }),
];

const REGISTERED: CategoryDef[] = [
  person('registered_population', 'HR01', '户籍人口', 'Registered residents (hukou)', { perCapita: 0.82 }, ALL_AGES),
  person('registered_population', 'HR02', '户主', 'Heads of registered households', { perHousehold: 0.8 }, { ageMin: 22, ageMax: 95, female: 0.3 }),
  person('registered_population', 'HR03', '人户分离人员', 'Residents living away from their registered address', { perCapita: 0.12, urban: 1.3, rural: 0.5 }, ALL_AGES),
  person('registered_population', 'HR04', '出生登记人口', 'Births registered this year', { perCapita: 0.007 }, { ageMin: 0, ageMax: 0 }),
  person('registered_population', 'HR05', '死亡注销人口', 'Deaths deregistered this year', { perCapita: 0.006, rural: 1.3 }, { ageMin: 50, ageMax: 99 }),
  person('registered_population', 'HR06', '迁入人口', 'Registrations moved in this year', { perCapita: 0.015, urban: 1.4, rural: 0.4 }, WORKING),
  person('registered_population', 'HR07', '迁出人口', 'Registrations moved out this year', { perCapita: 0.012 }, WORKING),
  person('registered_population', 'HR08', '农业户籍人口', 'Agricultural hukou holders', { perCapita: 0.2, urban: 0.2, rural: 2.5 }, ALL_AGES),
  person('registered_population', 'HR09', '计划生育特殊家庭成员', 'Members of bereaved one-child families', { perCapita: 0.001 }, { ageMin: 49, ageMax: 95 }),
  person('registered_population', 'HR10', '优抚对象', 'Entitled groups (martyrs’ families, disabled veterans)', { perCapita: 0.006 }, { ageMin: 20, ageMax: 99 }),
  person('registered_population', 'HR11', '集体户人员', 'Members of collective households', { perCapita: 0.02, urban: 1.5, rural: 0.3 }, { ageMin: 18, ageMax: 45 }),
  person('registered_population', 'HR12', '户籍外出人员', 'Registered residents living elsewhere', { perCapita: 0.05, urban: 0.6, rural: 1.8 }, { ageMin: 16, ageMax: 60 }),
];

const FLOATING: CategoryDef[] = [
  person('floating_population', 'FP01', '流动人口', 'Floating population', { perCapita: 0.28, urban: 1.2, rural: 0.6 }, { ageMin: 0, ageMax: 80 }),
  person('floating_population', 'FP02', '来宁务工人员', 'Migrant workers', { perCapita: 0.18, urban: 1.1, rural: 0.8 }, { ageMin: 16, ageMax: 65, female: 0.42 }),
  person('floating_population', 'FP03', '境外人员', 'Foreign nationals', { perCapita: 0.002, urban: 1.5, rural: 0.2 }, { ageMin: 18, ageMax: 70, female: 0.4 }),
  person('floating_population', 'FP04', '出租房屋租客', 'Tenants of rented homes', { perCapita: 0.14, urban: 1.3, rural: 0.5 }, { ageMin: 16, ageMax: 70 }),
  person('floating_population', 'FP05', '随迁子女', 'Children of migrants', { perCapita: 0.035, urban: 1.2, rural: 0.6 }, { ageMin: 0, ageMax: 17 }),
  person('floating_population', 'FP06', '居住证持有人', 'Residence-permit holders', { perCapita: 0.16, urban: 1.2, rural: 0.6 }, { ageMin: 16, ageMax: 70 }),
  person('floating_population', 'FP07', '流动育龄妇女', 'Floating women of childbearing age', { perCapita: 0.07, urban: 1.2, rural: 0.6 }, { ageMin: 15, ageMax: 49, female: 1 }),
  person('floating_population', 'FP08', '短期来宁人员', 'Short-stay visitors', { perCapita: 0.03, urban: 1.5, rural: 0.3 }, ADULTS),
  person('floating_population', 'FP09', '外来经商人员', 'Migrant traders', { perCapita: 0.025, urban: 1.3, rural: 0.5 }, { ageMin: 20, ageMax: 65 }),
  person('floating_population', 'FP10', '港澳台居民', 'Residents from Hong Kong, Macao and Taiwan', { perCapita: 0.0008, urban: 1.5, rural: 0.2 }, { ageMin: 18, ageMax: 80 }),
];

export const POPULATION_CATEGORIES: readonly CategoryDef[] = [...RESIDENT, ...REGISTERED, ...FLOATING];
