// Hunan's county-level units (县级行政区) per 市州, as data (SPEC §9): the default list the coverage
// rate (覆盖率 = units with ≥ 1 active county-tier platform ÷ units) is taken over until an admin
// stores a city's own list (PUT /api/divisions/{city}).
//
// The 122 county-level divisions of 2020, in the official order (districts, counties, county-level
// cities, as the administrative-division codes list them): 邵东 is a city since 2019 (邵东市, listed
// after 武冈市), 株洲县 became 渌口区 in 2018, 宁乡 a city since 2017, 祁阳 still a county in 2020
// (祁阳市 only from 2021).
//
// Plus ONE unit that is not an administrative division — an assumption made to reproduce seed 003:
// it prints 104 county/park platforms and 覆盖率 83.74%. Over the 122 divisions no count of covered
// units gives 83.74% (102/122 = 83.61%, 103/122 = 84.43%); over 123 units 103/123 = 83.7398% is the
// only fraction with a plausible denominator that prints 83.74%. So the department counts one
// 功能区/管理区 as a county-level unit. We chose 怀化市's 洪江区 (the 洪江管理区, the old town of
// 洪江 administered by 怀化 apart from 洪江市): Hunan's provincial statistics list it among the
// county-level units, unlike the many 经开区/高新区, which the department treats as parks (工业园区
// platforms, which cover no unit). If the department's real 123rd unit is another one, an admin
// replaces 怀化市's list (or that city's) through the API; nothing else depends on the choice.

import { z } from 'zod';
import { HUNAN_CITIES, plainText } from '../registry';

type City = (typeof HUNAN_CITIES)[number];

const DIVISIONS: Record<City, readonly string[]> = {
  长沙市: ['芙蓉区', '天心区', '岳麓区', '开福区', '雨花区', '望城区', '长沙县', '浏阳市', '宁乡市'],
  株洲市: ['荷塘区', '芦淞区', '石峰区', '天元区', '渌口区', '攸县', '茶陵县', '炎陵县', '醴陵市'],
  湘潭市: ['雨湖区', '岳塘区', '湘潭县', '湘乡市', '韶山市'],
  衡阳市: ['珠晖区', '雁峰区', '石鼓区', '蒸湘区', '南岳区', '衡阳县', '衡南县', '衡山县', '衡东县', '祁东县', '耒阳市', '常宁市'],
  邵阳市: ['双清区', '大祥区', '北塔区', '新邵县', '邵阳县', '隆回县', '洞口县', '绥宁县', '新宁县', '城步苗族自治县', '武冈市', '邵东市'],
  岳阳市: ['岳阳楼区', '云溪区', '君山区', '岳阳县', '华容县', '湘阴县', '平江县', '汨罗市', '临湘市'],
  常德市: ['武陵区', '鼎城区', '安乡县', '汉寿县', '澧县', '临澧县', '桃源县', '石门县', '津市市'],
  张家界市: ['永定区', '武陵源区', '慈利县', '桑植县'],
  益阳市: ['资阳区', '赫山区', '南县', '桃江县', '安化县', '沅江市'],
  郴州市: ['北湖区', '苏仙区', '桂阳县', '宜章县', '永兴县', '嘉禾县', '临武县', '汝城县', '桂东县', '安仁县', '资兴市'],
  永州市: ['零陵区', '冷水滩区', '祁阳县', '东安县', '双牌县', '道县', '江永县', '宁远县', '蓝山县', '新田县', '江华瑶族自治县'],
  // 洪江区 (洪江管理区): the assumed 123rd unit, see the header.
  怀化市: [
    '鹤城区', '中方县', '沅陵县', '辰溪县', '溆浦县', '会同县', '麻阳苗族自治县', '新晃侗族自治县',
    '芷江侗族自治县', '靖州苗族侗族自治县', '通道侗族自治县', '洪江市', '洪江区',
  ],
  娄底市: ['娄星区', '双峰县', '新化县', '冷水江市', '涟源市'],
  湘西土家族苗族自治州: ['吉首市', '泸溪县', '凤凰县', '花垣县', '保靖县', '古丈县', '永顺县', '龙山县'],
};

/** The assumed extra unit (see the header) — named so tests and docs can point at it. */
export const EXTRA_UNIT = { city: '怀化市', county: '洪江区' } as const;

/** city → county-level units, keys in the order of HUNAN_CITIES. 123 units (122 divisions + 洪江区). */
export const DEFAULT_DIVISIONS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries(HUNAN_CITIES.map((c) => [c, Object.freeze([...DIVISIONS[c]])])),
);

/** PUT /api/divisions/{city} body: the city's whole list of units (replaces the default). */
export const divisionsInputSchema = z
  .object({
    counties: z
      .array(plainText('县市区名称', 30), { error: (iss) => (iss.input === undefined ? '县市区列表:必填' : '县市区列表:应为文本数组') })
      .min(1, '县市区列表:至少1个县市区')
      .max(60, '县市区列表:最多60个县市区')
      // Compared after trimming (plainText trims), so ' 南县' and '南县' are the same unit.
      .refine((xs) => new Set(xs).size === xs.length, { message: '县市区列表:县市区名称不能重复' }),
  })
  .strict();

export type DivisionsInput = z.infer<typeof divisionsInputSchema>;
