// Word lists and the SKU catalogue behind the sample distributor. Kept apart from the generator so its logic reads
// without scrolling past hundreds of Chinese strings. Every string here must be encodable in GBK, because one
// fixture is converted to GBK to exercise the CSV reader.

export type SkuCategory =
  | 'noodles'
  | 'water'
  | 'drinks'
  | 'beer'
  | 'liquor'
  | 'dairy'
  | 'paper'
  | 'seasoning'
  | 'oil'
  | 'grocery'
  | 'snacks'
  | 'household';

export interface CatalogueItem {
  readonly sku: string;
  readonly name: string;
  /** Wholesale price per selling unit (case, pack, bag), in fen. */
  readonly unitPriceFen: number;
  readonly category: SkuCategory;
  /** Relative chance that a shop stocks it at all. */
  readonly popularity: number;
  /** Gift and banquet goods whose sales jump before the Spring Festival. */
  readonly festive: boolean;
}

type Row = readonly [
  name: string,
  yuan: number,
  category: SkuCategory,
  popularity: number,
  festive?: boolean,
];

const ROWS: readonly Row[] = [
  ['康师傅红烧牛肉面 箱', 62, 'noodles', 10],
  ['康师傅老坛酸菜牛肉面 箱', 62, 'noodles', 7],
  ['统一老坛酸菜牛肉面 箱', 60, 'noodles', 7],
  ['今麦郎一桶半 箱', 54, 'noodles', 5],
  ['白象汤好喝 箱', 58, 'noodles', 4],
  ['农夫山泉550ml 箱', 28, 'water', 10],
  ['怡宝550ml 箱', 27, 'water', 8],
  ['娃哈哈纯净水596ml 箱', 22, 'water', 6],
  ['康师傅冰红茶500ml 箱', 48, 'drinks', 8],
  ['统一冰红茶500ml 箱', 46, 'drinks', 6],
  ['可口可乐500ml 箱', 60, 'drinks', 9],
  ['百事可乐500ml 箱', 58, 'drinks', 6],
  ['雪碧500ml 箱', 58, 'drinks', 7],
  ['王老吉310ml 箱', 84, 'drinks', 7, true],
  ['加多宝310ml 箱', 82, 'drinks', 5, true],
  ['红牛250ml 箱', 120, 'drinks', 6],
  ['东鹏特饮500ml 箱', 78, 'drinks', 6],
  ['元气森林气泡水480ml 箱', 72, 'drinks', 5],
  ['农夫山泉东方树叶500ml 箱', 75, 'drinks', 4],
  ['美汁源果粒橙450ml 箱', 60, 'drinks', 4],
  ['青岛啤酒500ml 箱', 60, 'beer', 8],
  ['雪花啤酒勇闯天涯 箱', 45, 'beer', 8],
  ['百威啤酒500ml 箱', 88, 'beer', 4],
  ['哈尔滨啤酒 箱', 42, 'beer', 5],
  ['燕京啤酒 箱', 40, 'beer', 4],
  ['红星二锅头 箱', 96, 'liquor', 4],
  ['牛栏山陈酿 箱', 108, 'liquor', 5],
  ['洋河海之蓝 箱', 660, 'liquor', 2, true],
  ['泸州老窖头曲 箱', 360, 'liquor', 2, true],
  ['伊利纯牛奶250ml 箱', 58, 'dairy', 8, true],
  ['蒙牛纯牛奶250ml 箱', 56, 'dairy', 7, true],
  ['旺仔牛奶245ml 箱', 68, 'dairy', 6, true],
  ['六个核桃 箱', 60, 'dairy', 5, true],
  ['伊利安慕希 箱', 66, 'dairy', 5, true],
  ['蒙牛特仑苏 箱', 65, 'dairy', 4, true],
  ['露露杏仁露 箱', 54, 'dairy', 3, true],
  ['维达抽纸 提', 26, 'paper', 7],
  ['清风抽纸 提', 23, 'paper', 6],
  ['心相印卷纸 提', 32, 'paper', 5],
  ['海天金标生抽1.9L 箱', 72, 'seasoning', 7],
  ['海天蚝油 箱', 52, 'seasoning', 5],
  ['李锦记蒸鱼豉油 箱', 65, 'seasoning', 3],
  ['太太乐鸡精 箱', 98, 'seasoning', 4],
  ['老干妈风味豆豉 箱', 228, 'seasoning', 5],
  ['金龙鱼调和油5L 箱', 240, 'oil', 4, true],
  ['福临门大豆油5L 箱', 220, 'oil', 3, true],
  ['福临门大米10kg 袋', 52, 'grocery', 3],
  ['涪陵榨菜 箱', 48, 'grocery', 5],
  ['双汇王中王火腿肠 箱', 90, 'grocery', 6],
  ['奥利奥饼干 箱', 78, 'snacks', 5],
  ['乐事薯片 箱', 68, 'snacks', 6],
  ['旺旺雪饼 箱', 45, 'snacks', 5, true],
  ['德芙巧克力 箱', 120, 'snacks', 3, true],
  ['徐福记糖果 箱', 150, 'snacks', 3, true],
  ['洽洽瓜子 箱', 80, 'snacks', 5, true],
  ['炫迈口香糖 盒', 36, 'snacks', 4],
  ['旺旺大礼包 箱', 120, 'snacks', 2, true],
  ['立白洗衣液 箱', 90, 'household', 4],
  ['汰渍洗衣粉 箱', 70, 'household', 3],
  ['蓝月亮洗衣液 箱', 96, 'household', 3],
  ['舒肤佳香皂 箱', 88, 'household', 3],
  ['高露洁牙膏 箱', 120, 'household', 3],
];

export const CATALOGUE: readonly CatalogueItem[] = ROWS.map(
  ([name, yuan, category, popularity, festive], i) => ({
    sku: `SKU-${1001 + i}`,
    name,
    unitPriceFen: Math.round(yuan * 100),
    category,
    popularity,
    festive: festive === true,
  }),
);

export const SURNAMES: readonly string[] = [
  ...'张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];

/** Auspicious words shop owners put on their signs. */
export const SHOP_WORDS: readonly string[] = [
  '阳光',
  '红旗',
  '好又多',
  '惠民',
  '百姓',
  '便民',
  '金源',
  '鑫鑫',
  '兴隆',
  '福源',
  '富民',
  '万福',
  '吉祥',
  '如意',
  '平安',
  '幸福',
  '东方',
  '长青',
  '恒发',
  '顺发',
  '佳佳',
  '邻里',
  '天天',
  '一品',
  '金福',
  '百佳',
  '家和',
  '万隆',
  '大发',
  '恒通',
  '宏达',
  '利民',
  '民生',
  '四季',
  '春天',
  '绿洲',
  '金穗',
  '丰收',
  '好运',
  '喜来',
  '欣欣',
  '美佳',
  '优品',
  '诚信',
  '友谊',
  '胜利',
  '向阳',
  '朝阳',
  '光明',
  '东升',
  '旭日',
  '金桥',
  '星光',
  '明珠',
  '家家乐',
  '万家福',
  '好日子',
  '新世纪',
  '金太阳',
  '红太阳',
];

export const DISTRICTS: readonly string[] = [
  '城东',
  '城西',
  '城南',
  '城北',
  '老街',
  '新村',
  '河西',
  '桥头',
  '站前',
  '开发区',
  '南关',
  '北关',
];

export const STREETS: readonly string[] = [
  '人民路',
  '解放路',
  '中山路',
  '建设路',
  '和平路',
  '新华路',
  '胜利路',
  '文化路',
  '长江路',
  '黄河路',
  '朝阳路',
  '光明街',
  '北京路',
  '南京路',
  '青年路',
  '友谊路',
  '幸福路',
  '东风路',
  '红星路',
  '滨江路',
  '工业路',
  '学府路',
  '迎宾大道',
  '车站路',
];

export const CUISINES: readonly string[] = ['川味', '湘味', '东北', '粤式', '西北', '江南', '农家', '海鲜'];

/** Shop-type suffixes per shop class. */
export const SHOP_TYPES = {
  hypermarket: ['超市', '购物广场', '生活超市', '量贩店', '大卖场'],
  supermarket: ['超市', '便利店', '批发部', '商行', '副食批发部', '生活超市'],
  shop: ['便利店', '副食店', '小卖部', '烟酒行', '商店', '士多店', '杂货店', '食杂店', '烟酒店'],
  restaurant: ['饭店', '大排档', '酒家', '面馆', '火锅店', '农家乐', '烧烤店', '餐馆'],
} as const;

/** Rep names with the pinyin used for the WeCom user id. */
export const REP_NAMES: readonly (readonly [name: string, pinyin: string])[] = [
  ['张伟', 'zhangwei'],
  ['王芳', 'wangfang'],
  ['李娜', 'lina'],
  ['刘洋', 'liuyang'],
  ['陈静', 'chenjing'],
  ['杨磊', 'yanglei'],
  ['赵敏', 'zhaomin'],
  ['黄强', 'huangqiang'],
  ['周婷', 'zhouting'],
  ['吴刚', 'wugang'],
  ['孙丽', 'sunli'],
  ['郑浩', 'zhenghao'],
];

// A few reasons carry ASCII commas or double quotes on purpose, so the files exercise RFC 4180 quoting.
export const COMPLAINT_REASONS: readonly string[] = [
  '送货延迟',
  '缺货',
  '临期商品',
  '包装破损',
  '价格与报价不一致',
  '业务员态度不好',
  '发票开错',
  '退货处理慢',
  '少送了两箱',
  '送错货,要求换货',
  '促销没兑现,客户不满意',
  '纸箱上标着"易碎"却压坏了',
];
