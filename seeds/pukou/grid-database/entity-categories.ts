/** Legal entities and premises (法人及场所): the 25 kinds of place a grid worker keeps on file. */
import type { CategoryDef, Density, EntityProfile } from './categories.ts';

function entity(code: string, nameZh: string, nameEn: string, density: Density, profile: EntityProfile): CategoryDef {
  return { code, domain: 'legal_entity', nameZh, nameEn, gbCode: null, personal: false, density, entity: profile };
}

export const ENTITY_CATEGORIES: readonly CategoryDef[] = [
  entity('LE01', '企业', 'Enterprises', { perCapita: 0.045, perKm2: 5, rural: 0.7 }, {
    creditKind: '91', inBuilding: 0.2,
    names: ['南京{brand}科技有限公司', '南京{brand}建材有限公司', '南京{brand}机械制造有限公司', '南京{brand}贸易有限公司', '南京{brand}物流有限公司', '江苏{brand}实业有限公司', '南京{brand}电子有限公司', '南京{brand}环保工程有限公司'],
  }),
  entity('LE02', '个体工商户', 'Sole traders', { perCapita: 0.07, rural: 0.8 }, {
    creditKind: '92', inBuilding: 0.7,
    names: ['浦口区{brand}便利店', '浦口区{place}{brand}理发店', '浦口区{brand}五金店', '浦口区{brand}水果店', '浦口区{brand}服装店', '浦口区{place}{brand}副食品店', '浦口区{brand}家电维修部'],
  }),
  entity('LE03', '农民专业合作社', 'Farmers’ cooperatives', { perCapita: 0.0005, perKm2: 0.35, urban: 0.05 }, {
    creditKind: '93', inBuilding: 0.1,
    names: ['南京市浦口区{place}{brand}种植专业合作社', '南京市浦口区{place}水产养殖专业合作社', '南京市浦口区{place}茶叶专业合作社'],
  }),
  entity('LE04', '社会组织', 'Social organisations', { perCapita: 0.0015 }, {
    creditKind: '52', inBuilding: 0.5,
    names: ['浦口区{place}社区志愿者协会', '浦口区{brand}社会工作服务中心', '浦口区{place}老年协会', '浦口区{brand}公益发展中心'],
  }),
  entity('LE05', '机关事业单位', 'Government agencies and public institutions', { perCapita: 0.001, perKm2: 0.05 }, {
    creditKind: '12', inBuilding: 0,
    names: ['{street}综合执法局', '{street}便民服务中心', '{place}社区党群服务中心', '{street}社区卫生服务中心'],
  }),
  entity('LE06', '中小学', 'Primary and secondary schools', { perCapita: 0.0001 }, {
    creditKind: '12', inBuilding: 0,
    names: ['南京市浦口区{place}小学', '南京市浦口区{place}中学', '南京市浦口区{brand}实验学校'],
  }),
  entity('LE07', '幼儿园', 'Kindergartens', { perCapita: 0.00016 }, {
    creditKind: '52', inBuilding: 0.3,
    names: ['南京市浦口区{place}幼儿园', '南京市浦口区{brand}幼儿园'],
  }),
  entity('LE08', '医疗卫生机构', 'Health-care facilities', { perCapita: 0.0004 }, {
    creditKind: '12', inBuilding: 0.3,
    names: ['{place}社区卫生服务站', '南京{brand}医院', '浦口区{brand}诊所', '{place}村卫生室'],
  }),
  entity('LE09', '药店', 'Pharmacies', { perCapita: 0.0004, rural: 0.6 }, {
    creditKind: '92', inBuilding: 0.8,
    names: ['南京{brand}大药房', '浦口区{brand}药店', '老百姓大药房（{place}店）'],
  }),
  entity('LE10', '餐饮服务单位', 'Restaurants and caterers', { perCapita: 0.008, rural: 0.6 }, {
    creditKind: '92', inBuilding: 0.8,
    names: ['浦口区{brand}小吃店', '浦口区{brand}面馆', '浦口区{place}{brand}饭店', '南京{brand}餐饮管理有限公司', '浦口区{brand}鸭血粉丝汤馆'],
  }),
  entity('LE11', '九小场所', 'Nine kinds of small premises (fire-safety focus)', { perCapita: 0.02, rural: 0.8 }, {
    creditKind: '92', inBuilding: 0.8,
    names: ['浦口区{brand}小旅社', '浦口区{brand}小网吧', '浦口区{brand}小美容店', '浦口区{brand}小商店', '浦口区{brand}小作坊', '浦口区{brand}小歌舞厅'],
  }),
  entity('LE12', '危险化学品单位', 'Hazardous-chemical premises', { perCapita: 0.00003, perKm2: 0.06 }, {
    creditKind: '91', inBuilding: 0,
    names: ['南京{brand}化工有限公司', '南京{brand}气体有限公司', '南京{brand}涂料有限公司'],
  }),
  entity('LE13', '出租房屋', 'Rented homes', { perHousehold: 0.12, urban: 1.2, rural: 0.5 }, {
    creditKind: null, inBuilding: 1, premises: 'flat',
    names: ['{address}（出租房屋）'],
  }),
  entity('LE14', '宾馆旅店', 'Hotels and guesthouses', { perCapita: 0.0006, rural: 0.5 }, {
    creditKind: '91', inBuilding: 0.4,
    names: ['南京{brand}酒店有限公司', '浦口区{brand}宾馆', '浦口区{place}{brand}快捷酒店'],
  }),
  entity('LE15', '娱乐场所', 'Entertainment venues', { perCapita: 0.0003, rural: 0.3 }, {
    creditKind: '91', inBuilding: 0.5,
    names: ['南京{brand}KTV', '浦口区{brand}棋牌室', '南京{brand}娱乐有限公司'],
  }),
  entity('LE16', '网吧', 'Internet cafés', { perCapita: 0.0001, rural: 0.5 }, {
    creditKind: '92', inBuilding: 0.7,
    names: ['浦口区{brand}网咖', '浦口区{brand}网络会所'],
  }),
  entity('LE17', '商场超市', 'Shopping centres and supermarkets', { perCapita: 0.0008, rural: 0.6 }, {
    creditKind: '91', inBuilding: 0.3,
    names: ['苏果超市（{place}店）', '南京{brand}商贸有限公司', '浦口区{brand}购物中心'],
  }),
  entity('LE18', '农贸市场', 'Farmers’ markets', { perCapita: 0.00004 }, {
    creditKind: '91', inBuilding: 0,
    names: ['{place}农贸市场', '浦口区{brand}菜场'],
  }),
  entity('LE19', '建筑工地', 'Construction sites', { perCapita: 0.0002, perKm2: 0.1 }, {
    creditKind: '91', inBuilding: 0,
    names: ['{place}{brand}项目工地', '浦口区{brand}安置房项目', '{street}{brand}道路改造工程'],
  }),
  entity('LE20', '住宅小区', 'Residential estates', { perHousehold: 0.0025, urban: 1, rural: 0.2 }, {
    creditKind: null, inBuilding: 1, premises: 'estate',
    names: ['{estate}'],
  }),
  entity('LE21', '养老机构', 'Care homes for older people', { perCapita: 0.00006, rural: 1.5 }, {
    creditKind: '52', inBuilding: 0.2,
    names: ['浦口区{place}敬老院', '南京{brand}养老服务中心', '浦口区{brand}颐养院'],
  }),
  entity('LE22', '寄递物流网点', 'Parcel and logistics outlets', { perCapita: 0.0005, rural: 0.7 }, {
    creditKind: '92', inBuilding: 0.6,
    names: ['{brand}快递（{place}网点）', '浦口区{brand}物流配送站', '菜鸟驿站（{place}店）'],
  }),
  entity('LE23', '废品收购站', 'Scrap-collection yards', { perCapita: 0.0002, rural: 1.5 }, {
    creditKind: '92', inBuilding: 0,
    names: ['浦口区{brand}废品回收站', '浦口区{place}再生资源回收点'],
  }),
  entity('LE24', '宗教活动场所', 'Places of worship', { perCapita: 0.00003, perKm2: 0.02 }, {
    creditKind: '71', inBuilding: 0,
    names: ['{place}{brand}寺', '浦口{brand}堂'],
  }),
  entity('LE25', '金融网点', 'Bank branches', { perCapita: 0.0002, rural: 0.5 }, {
    creditKind: '91', inBuilding: 0.6,
    names: ['中国工商银行南京{place}支行', '中国建设银行南京{place}支行', '江苏银行{place}支行', '南京银行{place}支行', '紫金农商银行{place}支行'],
  }),
];
