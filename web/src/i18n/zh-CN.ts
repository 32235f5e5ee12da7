/** Chinese (Simplified) UI strings: the default language. Keys are shared with en.ts. */
import { analyticsZhCN } from './analytics.zh-CN.ts';
import { authZhCN } from './auth.zh-CN.ts';
import { casesZhCN } from './cases.zh-CN.ts';
import { citizenZhCN } from './citizen.zh-CN.ts';
import { deskZhCN } from './desk.zh-CN.ts';
import { gridDatabaseZhCN } from './grid-database.zh-CN.ts';

export const zhCN = {
  ...analyticsZhCN,
  ...authZhCN,
  ...casesZhCN,
  ...deskZhCN,
  ...gridDatabaseZhCN,
  ...citizenZhCN,

  'app.title': '浦口区网格化社会治理',
  'app.subtitle': '联勤 · 四级网格一张图',
  'app.loading': '正在加载网格数据…',
  'app.loadFailed': '数据加载失败',
  'lang.switch': 'EN',
  'lang.switchTitle': 'Switch to English',

  'level.district': '区',
  'level.street': '街道',
  'level.community': '社区',
  'level.grid': '网格',

  'search.placeholder': '搜索街道、社区、网格名称或编码',
  'search.label': '搜索',
  'search.none': '没有匹配的结果',
  'search.failed': '搜索失败',

  'panel.close': '关闭',
  'panel.loading': '加载中…',
  'panel.failed': '无法加载网格信息',
  'panel.hierarchy': '所属层级',
  'panel.overview': '基本情况',
  'panel.code': '网格编码',
  'panel.kind': '网格类型',
  'panel.households': '户数',
  'panel.population': '人口',
  'panel.area': '面积',
  'panel.version': '版本',
  'panel.validFrom': '生效日期',
  'panel.staff': '网格力量',
  'panel.staffNone': '暂无人员',
  'panel.entities': '网格数据',
  'panel.entitiesTotal': '合计',
  'panel.zoomTo': '定位到{name}',
  'unit.km2': '平方千米',
  'panel.householdsUnit': '户',
  'panel.populationUnit': '人',
  'unit.households': '户',
  'unit.people': '人',

  'kind.urban': '城市网格',
  'kind.rural': '农村网格',

  'role.grid_leader': '网格长',
  'role.policy_publicist': '政策宣传员',
  'role.information_officer': '信息员',
  'role.aid_officer': '帮扶员',
  'role.dispute_mediator': '矛盾调解员',
  'role.building_head': '楼栋长',

  'domain.resident_population': '实有人口',
  'domain.registered_population': '户籍人口',
  'domain.floating_population': '流动人口',
  'domain.legal_entity': '法人单位',
  'domain.city_component': '城市部件',

  'legend.title': '图例',
  'legend.colorBy': '网格着色',
  'legend.byKind': '城乡类型',
  'legend.byHouseholds': '户数',
  'legend.district': '区界',
  'legend.street': '街道',
  'legend.community': '社区界',
  'legend.grid': '网格界',
  'legend.selected': '选中网格',
  'legend.zoomHint': '放大至 {zoom} 级显示网格',

  'map.clickToZoom': '点击放大',

  'status.database': '数据库',
  'status.embedded': '嵌入式 PGlite',
  'status.postgres': 'PostgreSQL',
  'status.offline': '服务不可用',
  'status.counts': '{streets} 个街道 · {communities} 个社区 · {grids} 个网格',
  'status.zoom': '缩放',
} as const;
