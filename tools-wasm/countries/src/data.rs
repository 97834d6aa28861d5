//! The embedded country dataset: the 193 UN member states plus Vatican City, Palestine,
//! Kosovo and Taiwan (197 entries).
//!
//! Populations are approximate mid-2023 estimates (people, rounded, in the spirit of the UN
//! World Population Prospects / World Bank figures); currencies and capitals are as of 2023.
//! Where a capital is disputed or split, the field says so in words. Calling codes of the
//! North American Numbering Plan include the area code (e.g. `+1-876` for Jamaica).
//! The figures are meant for tool-use practice, not as an authoritative reference.

/// One country.
#[derive(Debug)]
pub struct Country {
    /// Common English short name.
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 code (`XK` for Kosovo, user-assigned).
    pub iso2: &'static str,
    /// ISO 3166-1 alpha-3 code (`XKX` for Kosovo, user-assigned).
    pub iso3: &'static str,
    /// Capital city.
    pub capital: &'static str,
    /// Approximate population in 2023.
    pub population: u64,
    /// ISO 4217 currency code.
    pub currency_code: &'static str,
    /// Currency name.
    pub currency_name: &'static str,
    /// International calling code.
    pub calling_code: &'static str,
    /// Continent: Africa, Asia, Europe, North America, South America or Oceania.
    pub continent: &'static str,
    /// Other names the country is known by.
    pub aliases: &'static [&'static str],
}

/// The year the population figures estimate.
pub const POPULATION_YEAR: u32 = 2023;

/// The continents, in listing order.
pub const CONTINENTS: &[&str] = &[AF, AS, EU, NA, SA, OC];

const AF: &str = "Africa";
const AS: &str = "Asia";
const EU: &str = "Europe";
const NA: &str = "North America";
const SA: &str = "South America";
const OC: &str = "Oceania";

#[allow(clippy::too_many_arguments)]
const fn c(
    name: &'static str,
    iso2: &'static str,
    iso3: &'static str,
    capital: &'static str,
    population: u64,
    currency_code: &'static str,
    currency_name: &'static str,
    calling_code: &'static str,
    continent: &'static str,
    aliases: &'static [&'static str],
) -> Country {
    Country {
        name,
        iso2,
        iso3,
        capital,
        population,
        currency_code,
        currency_name,
        calling_code,
        continent,
        aliases,
    }
}

const XOF: &str = "West African CFA franc";
const XAF: &str = "Central African CFA franc";
const XCD: &str = "East Caribbean dollar";
const EUR: &str = "Euro";
const USD: &str = "United States dollar";
const AUD: &str = "Australian dollar";
const CHF: &str = "Swiss franc";

/// Every country, alphabetical within continent.
// One row per country: (name, iso2, iso3, capital, population, currency code, currency
// name, calling code, continent, aliases).
#[rustfmt::skip]
pub const COUNTRIES: &[Country] = &[
    // Africa
    c("Algeria", "DZ", "DZA", "Algiers", 45_600_000, "DZD", "Algerian dinar", "+213", AF, &[]),
    c("Angola", "AO", "AGO", "Luanda", 36_700_000, "AOA", "Angolan kwanza", "+244", AF, &[]),
    c("Benin", "BJ", "BEN", "Porto-Novo", 13_700_000, "XOF", XOF, "+229", AF, &[]),
    c("Botswana", "BW", "BWA", "Gaborone", 2_700_000, "BWP", "Botswana pula", "+267", AF, &[]),
    c("Burkina Faso", "BF", "BFA", "Ouagadougou", 22_700_000, "XOF", XOF, "+226", AF, &[]),
    c("Burundi", "BI", "BDI", "Gitega", 13_200_000, "BIF", "Burundian franc", "+257", AF, &[]),
    c("Cabo Verde", "CV", "CPV", "Praia", 598_000, "CVE", "Cape Verdean escudo", "+238", AF, &["Cape Verde"]),
    c("Cameroon", "CM", "CMR", "Yaoundé", 28_600_000, "XAF", XAF, "+237", AF, &[]),
    c("Central African Republic", "CF", "CAF", "Bangui", 5_700_000, "XAF", XAF, "+236", AF, &["CAR"]),
    c("Chad", "TD", "TCD", "N'Djamena", 18_300_000, "XAF", XAF, "+235", AF, &[]),
    c("Comoros", "KM", "COM", "Moroni", 852_000, "KMF", "Comorian franc", "+269", AF, &[]),
    c("Democratic Republic of the Congo", "CD", "COD", "Kinshasa", 102_300_000, "CDF", "Congolese franc", "+243", AF, &["DRC", "DR Congo", "Congo-Kinshasa", "Zaire"]),
    c("Republic of the Congo", "CG", "COG", "Brazzaville", 6_100_000, "XAF", XAF, "+242", AF, &["Congo", "Congo-Brazzaville"]),
    c("Côte d'Ivoire", "CI", "CIV", "Yamoussoukro", 28_900_000, "XOF", XOF, "+225", AF, &["Ivory Coast", "Cote d'Ivoire"]),
    c("Djibouti", "DJ", "DJI", "Djibouti", 1_140_000, "DJF", "Djiboutian franc", "+253", AF, &[]),
    c("Egypt", "EG", "EGY", "Cairo", 112_700_000, "EGP", "Egyptian pound", "+20", AF, &[]),
    c("Equatorial Guinea", "GQ", "GNQ", "Malabo", 1_700_000, "XAF", XAF, "+240", AF, &[]),
    c("Eritrea", "ER", "ERI", "Asmara", 3_700_000, "ERN", "Eritrean nakfa", "+291", AF, &[]),
    c("Eswatini", "SZ", "SWZ", "Mbabane", 1_210_000, "SZL", "Swazi lilangeni", "+268", AF, &["Swaziland"]),
    c("Ethiopia", "ET", "ETH", "Addis Ababa", 126_500_000, "ETB", "Ethiopian birr", "+251", AF, &[]),
    c("Gabon", "GA", "GAB", "Libreville", 2_400_000, "XAF", XAF, "+241", AF, &[]),
    c("Gambia", "GM", "GMB", "Banjul", 2_800_000, "GMD", "Gambian dalasi", "+220", AF, &["The Gambia"]),
    c("Ghana", "GH", "GHA", "Accra", 34_100_000, "GHS", "Ghanaian cedi", "+233", AF, &[]),
    c("Guinea", "GN", "GIN", "Conakry", 14_200_000, "GNF", "Guinean franc", "+224", AF, &[]),
    c("Guinea-Bissau", "GW", "GNB", "Bissau", 2_200_000, "XOF", XOF, "+245", AF, &[]),
    c("Kenya", "KE", "KEN", "Nairobi", 55_100_000, "KES", "Kenyan shilling", "+254", AF, &[]),
    c("Lesotho", "LS", "LSO", "Maseru", 2_300_000, "LSL", "Lesotho loti", "+266", AF, &[]),
    c("Liberia", "LR", "LBR", "Monrovia", 5_400_000, "LRD", "Liberian dollar", "+231", AF, &[]),
    c("Libya", "LY", "LBY", "Tripoli", 6_900_000, "LYD", "Libyan dinar", "+218", AF, &[]),
    c("Madagascar", "MG", "MDG", "Antananarivo", 30_300_000, "MGA", "Malagasy ariary", "+261", AF, &[]),
    c("Malawi", "MW", "MWI", "Lilongwe", 20_900_000, "MWK", "Malawian kwacha", "+265", AF, &[]),
    c("Mali", "ML", "MLI", "Bamako", 23_300_000, "XOF", XOF, "+223", AF, &[]),
    c("Mauritania", "MR", "MRT", "Nouakchott", 4_900_000, "MRU", "Mauritanian ouguiya", "+222", AF, &[]),
    c("Mauritius", "MU", "MUS", "Port Louis", 1_260_000, "MUR", "Mauritian rupee", "+230", AF, &[]),
    c("Morocco", "MA", "MAR", "Rabat", 37_800_000, "MAD", "Moroccan dirham", "+212", AF, &[]),
    c("Mozambique", "MZ", "MOZ", "Maputo", 33_900_000, "MZN", "Mozambican metical", "+258", AF, &[]),
    c("Namibia", "NA", "NAM", "Windhoek", 2_600_000, "NAD", "Namibian dollar", "+264", AF, &[]),
    c("Niger", "NE", "NER", "Niamey", 27_200_000, "XOF", XOF, "+227", AF, &[]),
    c("Nigeria", "NG", "NGA", "Abuja", 223_800_000, "NGN", "Nigerian naira", "+234", AF, &[]),
    c("Rwanda", "RW", "RWA", "Kigali", 14_100_000, "RWF", "Rwandan franc", "+250", AF, &[]),
    c("São Tomé and Príncipe", "ST", "STP", "São Tomé", 230_000, "STN", "São Tomé and Príncipe dobra", "+239", AF, &["Sao Tome and Principe"]),
    c("Senegal", "SN", "SEN", "Dakar", 17_800_000, "XOF", XOF, "+221", AF, &[]),
    c("Seychelles", "SC", "SYC", "Victoria", 120_000, "SCR", "Seychellois rupee", "+248", AF, &[]),
    c("Sierra Leone", "SL", "SLE", "Freetown", 8_800_000, "SLE", "Sierra Leonean leone", "+232", AF, &[]),
    c("Somalia", "SO", "SOM", "Mogadishu", 18_100_000, "SOS", "Somali shilling", "+252", AF, &[]),
    c("South Africa", "ZA", "ZAF", "Pretoria (executive), Cape Town (legislative), Bloemfontein (judicial)", 60_400_000, "ZAR", "South African rand", "+27", AF, &["RSA"]),
    c("South Sudan", "SS", "SSD", "Juba", 11_100_000, "SSP", "South Sudanese pound", "+211", AF, &[]),
    c("Sudan", "SD", "SDN", "Khartoum", 48_100_000, "SDG", "Sudanese pound", "+249", AF, &[]),
    c("Tanzania", "TZ", "TZA", "Dodoma", 67_400_000, "TZS", "Tanzanian shilling", "+255", AF, &[]),
    c("Togo", "TG", "TGO", "Lomé", 9_100_000, "XOF", XOF, "+228", AF, &[]),
    c("Tunisia", "TN", "TUN", "Tunis", 12_500_000, "TND", "Tunisian dinar", "+216", AF, &[]),
    c("Uganda", "UG", "UGA", "Kampala", 48_600_000, "UGX", "Ugandan shilling", "+256", AF, &[]),
    c("Zambia", "ZM", "ZMB", "Lusaka", 20_600_000, "ZMW", "Zambian kwacha", "+260", AF, &[]),
    c("Zimbabwe", "ZW", "ZWE", "Harare", 16_700_000, "ZWL", "Zimbabwean dollar", "+263", AF, &[]),
    // Asia
    c("Afghanistan", "AF", "AFG", "Kabul", 42_200_000, "AFN", "Afghan afghani", "+93", AS, &[]),
    c("Armenia", "AM", "ARM", "Yerevan", 2_800_000, "AMD", "Armenian dram", "+374", AS, &[]),
    c("Azerbaijan", "AZ", "AZE", "Baku", 10_100_000, "AZN", "Azerbaijani manat", "+994", AS, &[]),
    c("Bahrain", "BH", "BHR", "Manama", 1_500_000, "BHD", "Bahraini dinar", "+973", AS, &[]),
    c("Bangladesh", "BD", "BGD", "Dhaka", 172_900_000, "BDT", "Bangladeshi taka", "+880", AS, &[]),
    c("Bhutan", "BT", "BTN", "Thimphu", 780_000, "BTN", "Bhutanese ngultrum", "+975", AS, &[]),
    c("Brunei", "BN", "BRN", "Bandar Seri Begawan", 450_000, "BND", "Brunei dollar", "+673", AS, &["Brunei Darussalam"]),
    c("Cambodia", "KH", "KHM", "Phnom Penh", 16_900_000, "KHR", "Cambodian riel", "+855", AS, &[]),
    c("China", "CN", "CHN", "Beijing", 1_410_700_000, "CNY", "Chinese yuan renminbi", "+86", AS, &["PRC", "People's Republic of China"]),
    c("Georgia", "GE", "GEO", "Tbilisi", 3_700_000, "GEL", "Georgian lari", "+995", AS, &[]),
    c("India", "IN", "IND", "New Delhi", 1_428_600_000, "INR", "Indian rupee", "+91", AS, &["Bharat"]),
    c("Indonesia", "ID", "IDN", "Jakarta", 277_500_000, "IDR", "Indonesian rupiah", "+62", AS, &[]),
    c("Iran", "IR", "IRN", "Tehran", 89_200_000, "IRR", "Iranian rial", "+98", AS, &["Persia"]),
    c("Iraq", "IQ", "IRQ", "Baghdad", 45_500_000, "IQD", "Iraqi dinar", "+964", AS, &[]),
    c("Israel", "IL", "ISR", "Jerusalem (proclaimed; most embassies are in Tel Aviv)", 9_800_000, "ILS", "Israeli new shekel", "+972", AS, &[]),
    c("Japan", "JP", "JPN", "Tokyo", 124_500_000, "JPY", "Japanese yen", "+81", AS, &[]),
    c("Jordan", "JO", "JOR", "Amman", 11_300_000, "JOD", "Jordanian dinar", "+962", AS, &[]),
    c("Kazakhstan", "KZ", "KAZ", "Astana", 19_900_000, "KZT", "Kazakhstani tenge", "+7", AS, &[]),
    c("Kuwait", "KW", "KWT", "Kuwait City", 4_300_000, "KWD", "Kuwaiti dinar", "+965", AS, &[]),
    c("Kyrgyzstan", "KG", "KGZ", "Bishkek", 7_100_000, "KGS", "Kyrgyzstani som", "+996", AS, &["Kyrgyz Republic"]),
    c("Laos", "LA", "LAO", "Vientiane", 7_600_000, "LAK", "Lao kip", "+856", AS, &["Lao PDR"]),
    c("Lebanon", "LB", "LBN", "Beirut", 5_400_000, "LBP", "Lebanese pound", "+961", AS, &[]),
    c("Malaysia", "MY", "MYS", "Kuala Lumpur", 34_300_000, "MYR", "Malaysian ringgit", "+60", AS, &[]),
    c("Maldives", "MV", "MDV", "Malé", 520_000, "MVR", "Maldivian rufiyaa", "+960", AS, &[]),
    c("Mongolia", "MN", "MNG", "Ulaanbaatar", 3_400_000, "MNT", "Mongolian tögrög", "+976", AS, &[]),
    c("Myanmar", "MM", "MMR", "Naypyidaw", 54_600_000, "MMK", "Myanmar kyat", "+95", AS, &["Burma"]),
    c("Nepal", "NP", "NPL", "Kathmandu", 30_900_000, "NPR", "Nepalese rupee", "+977", AS, &[]),
    c("North Korea", "KP", "PRK", "Pyongyang", 26_200_000, "KPW", "North Korean won", "+850", AS, &["DPRK", "Democratic People's Republic of Korea"]),
    c("Oman", "OM", "OMN", "Muscat", 4_600_000, "OMR", "Omani rial", "+968", AS, &[]),
    c("Pakistan", "PK", "PAK", "Islamabad", 240_500_000, "PKR", "Pakistani rupee", "+92", AS, &[]),
    c("Palestine", "PS", "PSE", "East Jerusalem (proclaimed), Ramallah (administrative)", 5_400_000, "ILS", "Israeli new shekel", "+970", AS, &["State of Palestine"]),
    c("Philippines", "PH", "PHL", "Manila", 117_300_000, "PHP", "Philippine peso", "+63", AS, &["The Philippines"]),
    c("Qatar", "QA", "QAT", "Doha", 2_700_000, "QAR", "Qatari riyal", "+974", AS, &[]),
    c("Saudi Arabia", "SA", "SAU", "Riyadh", 36_900_000, "SAR", "Saudi riyal", "+966", AS, &["KSA"]),
    c("Singapore", "SG", "SGP", "Singapore", 5_900_000, "SGD", "Singapore dollar", "+65", AS, &[]),
    c("South Korea", "KR", "KOR", "Seoul", 51_700_000, "KRW", "South Korean won", "+82", AS, &["Korea", "Republic of Korea"]),
    c("Sri Lanka", "LK", "LKA", "Sri Jayawardenepura Kotte (legislative), Colombo (executive)", 22_000_000, "LKR", "Sri Lankan rupee", "+94", AS, &["Ceylon"]),
    c("Syria", "SY", "SYR", "Damascus", 23_200_000, "SYP", "Syrian pound", "+963", AS, &[]),
    c("Taiwan", "TW", "TWN", "Taipei", 23_400_000, "TWD", "New Taiwan dollar", "+886", AS, &["Republic of China", "ROC"]),
    c("Tajikistan", "TJ", "TJK", "Dushanbe", 10_100_000, "TJS", "Tajikistani somoni", "+992", AS, &[]),
    c("Thailand", "TH", "THA", "Bangkok", 71_800_000, "THB", "Thai baht", "+66", AS, &["Siam"]),
    c("Timor-Leste", "TL", "TLS", "Dili", 1_360_000, "USD", USD, "+670", AS, &["East Timor"]),
    c("Turkey", "TR", "TUR", "Ankara", 85_300_000, "TRY", "Turkish lira", "+90", AS, &["Türkiye", "Turkiye"]),
    c("Turkmenistan", "TM", "TKM", "Ashgabat", 6_500_000, "TMT", "Turkmenistan manat", "+993", AS, &[]),
    c("United Arab Emirates", "AE", "ARE", "Abu Dhabi", 9_500_000, "AED", "UAE dirham", "+971", AS, &["UAE", "Emirates"]),
    c("Uzbekistan", "UZ", "UZB", "Tashkent", 35_200_000, "UZS", "Uzbekistani som", "+998", AS, &[]),
    c("Vietnam", "VN", "VNM", "Hanoi", 98_900_000, "VND", "Vietnamese dong", "+84", AS, &["Viet Nam"]),
    c("Yemen", "YE", "YEM", "Sana'a", 34_400_000, "YER", "Yemeni rial", "+967", AS, &[]),
    // Europe
    c("Albania", "AL", "ALB", "Tirana", 2_750_000, "ALL", "Albanian lek", "+355", EU, &[]),
    c("Andorra", "AD", "AND", "Andorra la Vella", 80_000, "EUR", EUR, "+376", EU, &[]),
    c("Austria", "AT", "AUT", "Vienna", 9_100_000, "EUR", EUR, "+43", EU, &[]),
    c("Belarus", "BY", "BLR", "Minsk", 9_200_000, "BYN", "Belarusian ruble", "+375", EU, &[]),
    c("Belgium", "BE", "BEL", "Brussels", 11_800_000, "EUR", EUR, "+32", EU, &[]),
    c("Bosnia and Herzegovina", "BA", "BIH", "Sarajevo", 3_200_000, "BAM", "Bosnia and Herzegovina convertible mark", "+387", EU, &["Bosnia"]),
    c("Bulgaria", "BG", "BGR", "Sofia", 6_400_000, "BGN", "Bulgarian lev", "+359", EU, &[]),
    c("Croatia", "HR", "HRV", "Zagreb", 3_900_000, "EUR", EUR, "+385", EU, &[]),
    c("Cyprus", "CY", "CYP", "Nicosia", 1_260_000, "EUR", EUR, "+357", EU, &[]),
    c("Czechia", "CZ", "CZE", "Prague", 10_900_000, "CZK", "Czech koruna", "+420", EU, &["Czech Republic"]),
    c("Denmark", "DK", "DNK", "Copenhagen", 5_900_000, "DKK", "Danish krone", "+45", EU, &[]),
    c("Estonia", "EE", "EST", "Tallinn", 1_370_000, "EUR", EUR, "+372", EU, &[]),
    c("Finland", "FI", "FIN", "Helsinki", 5_600_000, "EUR", EUR, "+358", EU, &[]),
    c("France", "FR", "FRA", "Paris", 68_200_000, "EUR", EUR, "+33", EU, &["French Republic"]),
    c("Germany", "DE", "DEU", "Berlin", 84_500_000, "EUR", EUR, "+49", EU, &["Deutschland", "Federal Republic of Germany"]),
    c("Greece", "GR", "GRC", "Athens", 10_400_000, "EUR", EUR, "+30", EU, &["Hellas"]),
    c("Hungary", "HU", "HUN", "Budapest", 9_600_000, "HUF", "Hungarian forint", "+36", EU, &[]),
    c("Iceland", "IS", "ISL", "Reykjavík", 390_000, "ISK", "Icelandic króna", "+354", EU, &[]),
    c("Ireland", "IE", "IRL", "Dublin", 5_300_000, "EUR", EUR, "+353", EU, &["Republic of Ireland", "Eire"]),
    c("Italy", "IT", "ITA", "Rome", 58_800_000, "EUR", EUR, "+39", EU, &["Italia"]),
    c("Kosovo", "XK", "XKX", "Pristina", 1_760_000, "EUR", EUR, "+383", EU, &[]),
    c("Latvia", "LV", "LVA", "Riga", 1_880_000, "EUR", EUR, "+371", EU, &[]),
    c("Liechtenstein", "LI", "LIE", "Vaduz", 40_000, "CHF", CHF, "+423", EU, &[]),
    c("Lithuania", "LT", "LTU", "Vilnius", 2_870_000, "EUR", EUR, "+370", EU, &[]),
    c("Luxembourg", "LU", "LUX", "Luxembourg", 660_000, "EUR", EUR, "+352", EU, &[]),
    c("Malta", "MT", "MLT", "Valletta", 540_000, "EUR", EUR, "+356", EU, &[]),
    c("Moldova", "MD", "MDA", "Chișinău", 2_500_000, "MDL", "Moldovan leu", "+373", EU, &[]),
    c("Monaco", "MC", "MCO", "Monaco", 36_000, "EUR", EUR, "+377", EU, &[]),
    c("Montenegro", "ME", "MNE", "Podgorica", 620_000, "EUR", EUR, "+382", EU, &[]),
    c("Netherlands", "NL", "NLD", "Amsterdam", 17_900_000, "EUR", EUR, "+31", EU, &["Holland", "The Netherlands"]),
    c("North Macedonia", "MK", "MKD", "Skopje", 1_830_000, "MKD", "Macedonian denar", "+389", EU, &["Macedonia"]),
    c("Norway", "NO", "NOR", "Oslo", 5_500_000, "NOK", "Norwegian krone", "+47", EU, &[]),
    c("Poland", "PL", "POL", "Warsaw", 36_700_000, "PLN", "Polish złoty", "+48", EU, &[]),
    c("Portugal", "PT", "PRT", "Lisbon", 10_500_000, "EUR", EUR, "+351", EU, &[]),
    c("Romania", "RO", "ROU", "Bucharest", 19_100_000, "RON", "Romanian leu", "+40", EU, &[]),
    c("Russia", "RU", "RUS", "Moscow", 143_800_000, "RUB", "Russian ruble", "+7", EU, &["Russian Federation"]),
    c("San Marino", "SM", "SMR", "San Marino", 34_000, "EUR", EUR, "+378", EU, &[]),
    c("Serbia", "RS", "SRB", "Belgrade", 6_600_000, "RSD", "Serbian dinar", "+381", EU, &[]),
    c("Slovakia", "SK", "SVK", "Bratislava", 5_400_000, "EUR", EUR, "+421", EU, &["Slovak Republic"]),
    c("Slovenia", "SI", "SVN", "Ljubljana", 2_100_000, "EUR", EUR, "+386", EU, &[]),
    c("Spain", "ES", "ESP", "Madrid", 48_400_000, "EUR", EUR, "+34", EU, &["España", "Espana"]),
    c("Sweden", "SE", "SWE", "Stockholm", 10_500_000, "SEK", "Swedish krona", "+46", EU, &[]),
    c("Switzerland", "CH", "CHE", "Bern", 8_800_000, "CHF", CHF, "+41", EU, &["Swiss Confederation"]),
    c("Ukraine", "UA", "UKR", "Kyiv", 37_000_000, "UAH", "Ukrainian hryvnia", "+380", EU, &[]),
    c("United Kingdom", "GB", "GBR", "London", 68_300_000, "GBP", "Pound sterling", "+44", EU, &["UK", "U.K.", "Great Britain", "Britain", "United Kingdom of Great Britain and Northern Ireland"]),
    c("Vatican City", "VA", "VAT", "Vatican City", 800, "EUR", EUR, "+39", EU, &["Holy See", "Vatican"]),
    // North America (including Central America and the Caribbean)
    c("Antigua and Barbuda", "AG", "ATG", "St. John's", 94_000, "XCD", XCD, "+1-268", NA, &[]),
    c("Bahamas", "BS", "BHS", "Nassau", 410_000, "BSD", "Bahamian dollar", "+1-242", NA, &["The Bahamas"]),
    c("Barbados", "BB", "BRB", "Bridgetown", 280_000, "BBD", "Barbadian dollar", "+1-246", NA, &[]),
    c("Belize", "BZ", "BLZ", "Belmopan", 410_000, "BZD", "Belize dollar", "+501", NA, &[]),
    c("Canada", "CA", "CAN", "Ottawa", 40_100_000, "CAD", "Canadian dollar", "+1", NA, &[]),
    c("Costa Rica", "CR", "CRI", "San José", 5_200_000, "CRC", "Costa Rican colón", "+506", NA, &[]),
    c("Cuba", "CU", "CUB", "Havana", 11_200_000, "CUP", "Cuban peso", "+53", NA, &[]),
    c("Dominica", "DM", "DMA", "Roseau", 73_000, "XCD", XCD, "+1-767", NA, &[]),
    c("Dominican Republic", "DO", "DOM", "Santo Domingo", 11_300_000, "DOP", "Dominican peso", "+1-809", NA, &[]),
    c("El Salvador", "SV", "SLV", "San Salvador", 6_400_000, "USD", USD, "+503", NA, &[]),
    c("Grenada", "GD", "GRD", "St. George's", 126_000, "XCD", XCD, "+1-473", NA, &[]),
    c("Guatemala", "GT", "GTM", "Guatemala City", 18_100_000, "GTQ", "Guatemalan quetzal", "+502", NA, &[]),
    c("Haiti", "HT", "HTI", "Port-au-Prince", 11_700_000, "HTG", "Haitian gourde", "+509", NA, &[]),
    c("Honduras", "HN", "HND", "Tegucigalpa", 10_600_000, "HNL", "Honduran lempira", "+504", NA, &[]),
    c("Jamaica", "JM", "JAM", "Kingston", 2_800_000, "JMD", "Jamaican dollar", "+1-876", NA, &[]),
    c("Mexico", "MX", "MEX", "Mexico City", 128_500_000, "MXN", "Mexican peso", "+52", NA, &["México"]),
    c("Nicaragua", "NI", "NIC", "Managua", 7_000_000, "NIO", "Nicaraguan córdoba", "+505", NA, &[]),
    c("Panama", "PA", "PAN", "Panama City", 4_500_000, "PAB", "Panamanian balboa", "+507", NA, &[]),
    c("Saint Kitts and Nevis", "KN", "KNA", "Basseterre", 47_000, "XCD", XCD, "+1-869", NA, &["St. Kitts and Nevis"]),
    c("Saint Lucia", "LC", "LCA", "Castries", 180_000, "XCD", XCD, "+1-758", NA, &["St. Lucia"]),
    c("Saint Vincent and the Grenadines", "VC", "VCT", "Kingstown", 104_000, "XCD", XCD, "+1-784", NA, &["St. Vincent and the Grenadines"]),
    c("Trinidad and Tobago", "TT", "TTO", "Port of Spain", 1_500_000, "TTD", "Trinidad and Tobago dollar", "+1-868", NA, &[]),
    c("United States", "US", "USA", "Washington, D.C.", 334_900_000, "USD", USD, "+1", NA, &["United States of America", "U.S.", "U.S.A.", "America", "The United States"]),
    // South America
    c("Argentina", "AR", "ARG", "Buenos Aires", 46_700_000, "ARS", "Argentine peso", "+54", SA, &[]),
    c("Bolivia", "BO", "BOL", "Sucre (constitutional), La Paz (seat of government)", 12_400_000, "BOB", "Bolivian boliviano", "+591", SA, &[]),
    c("Brazil", "BR", "BRA", "Brasília", 216_400_000, "BRL", "Brazilian real", "+55", SA, &["Brasil"]),
    c("Chile", "CL", "CHL", "Santiago", 19_600_000, "CLP", "Chilean peso", "+56", SA, &[]),
    c("Colombia", "CO", "COL", "Bogotá", 52_100_000, "COP", "Colombian peso", "+57", SA, &[]),
    c("Ecuador", "EC", "ECU", "Quito", 18_200_000, "USD", USD, "+593", SA, &[]),
    c("Guyana", "GY", "GUY", "Georgetown", 810_000, "GYD", "Guyanese dollar", "+592", SA, &[]),
    c("Paraguay", "PY", "PRY", "Asunción", 6_900_000, "PYG", "Paraguayan guaraní", "+595", SA, &[]),
    c("Peru", "PE", "PER", "Lima", 34_400_000, "PEN", "Peruvian sol", "+51", SA, &[]),
    c("Suriname", "SR", "SUR", "Paramaribo", 620_000, "SRD", "Surinamese dollar", "+597", SA, &[]),
    c("Uruguay", "UY", "URY", "Montevideo", 3_400_000, "UYU", "Uruguayan peso", "+598", SA, &[]),
    c("Venezuela", "VE", "VEN", "Caracas", 28_800_000, "VES", "Venezuelan bolívar", "+58", SA, &[]),
    // Oceania
    c("Australia", "AU", "AUS", "Canberra", 26_600_000, "AUD", AUD, "+61", OC, &[]),
    c("Fiji", "FJ", "FJI", "Suva", 940_000, "FJD", "Fijian dollar", "+679", OC, &[]),
    c("Kiribati", "KI", "KIR", "South Tarawa", 133_000, "AUD", AUD, "+686", OC, &[]),
    c("Marshall Islands", "MH", "MHL", "Majuro", 42_000, "USD", USD, "+692", OC, &[]),
    c("Micronesia", "FM", "FSM", "Palikir", 115_000, "USD", USD, "+691", OC, &["Federated States of Micronesia"]),
    c("Nauru", "NR", "NRU", "Yaren (de facto)", 13_000, "AUD", AUD, "+674", OC, &[]),
    c("New Zealand", "NZ", "NZL", "Wellington", 5_200_000, "NZD", "New Zealand dollar", "+64", OC, &["Aotearoa"]),
    c("Palau", "PW", "PLW", "Ngerulmud", 18_000, "USD", USD, "+680", OC, &[]),
    c("Papua New Guinea", "PG", "PNG", "Port Moresby", 10_300_000, "PGK", "Papua New Guinean kina", "+675", OC, &[]),
    c("Samoa", "WS", "WSM", "Apia", 225_000, "WST", "Samoan tala", "+685", OC, &[]),
    c("Solomon Islands", "SB", "SLB", "Honiara", 740_000, "SBD", "Solomon Islands dollar", "+677", OC, &[]),
    c("Tonga", "TO", "TON", "Nuku'alofa", 107_000, "TOP", "Tongan pa'anga", "+676", OC, &[]),
    c("Tuvalu", "TV", "TUV", "Funafuti", 11_000, "AUD", AUD, "+688", OC, &[]),
    c("Vanuatu", "VU", "VUT", "Port Vila", 330_000, "VUV", "Vanuatu vatu", "+678", OC, &[]),
];
