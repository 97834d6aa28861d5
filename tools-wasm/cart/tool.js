// Tool `cart` (world `session-tool`): a shopping cart over a fixed catalog of 24 grocery and
// household products, one cart per episode.
//
// Everything is in this one file because componentize-js bundles a single source file. The
// logic is the plain class `Cart` (node imports it for `tool.test.mjs`); `stateful` at the
// bottom is the component glue. Prices are integer cents; results show money as numbers with
// at most two decimals (`12.5`, `3.99`). The session seed is unused: the state is determined
// by `load` and the calls alone. Nothing reads a clock or random, and every list in a result
// or in `state()` is sorted, so results are reproducible byte for byte.

/** [product_id, name, category, price in cents, initial stock], sorted by product_id. */
const CATALOG = [
  ['apple-juice', 'Apple Juice', 'drinks', 349, 20],
  ['bananas', 'Bananas', 'produce', 129, 40],
  ['basmati-rice', 'Basmati Rice', 'pantry', 459, 25],
  ['butter', 'Butter', 'dairy', 379, 20],
  ['cheddar-cheese', 'Cheddar Cheese', 'dairy', 549, 15],
  ['coffee-beans', 'Coffee Beans', 'pantry', 1299, 12],
  ['dish-soap', 'Dish Soap', 'household', 299, 30],
  ['eggs', 'Eggs', 'dairy', 399, 24],
  ['green-apples', 'Green Apples', 'produce', 449, 30],
  ['green-tea', 'Green Tea', 'drinks', 429, 18],
  ['hand-soap', 'Hand Soap', 'household', 249, 25],
  ['honey', 'Honey', 'pantry', 899, 10],
  ['laundry-detergent', 'Laundry Detergent', 'household', 1499, 10],
  ['oat-milk', 'Oat Milk', 'dairy', 299, 40],
  ['olive-oil', 'Olive Oil', 'pantry', 1099, 15],
  ['orange-juice', 'Orange Juice', 'drinks', 399, 20],
  ['paper-towels', 'Paper Towels', 'household', 699, 20],
  ['pasta', 'Pasta', 'pantry', 199, 50],
  ['sparkling-water', 'Sparkling Water', 'drinks', 99, 60],
  ['spinach', 'Spinach', 'produce', 279, 20],
  ['sponges', 'Sponges', 'household', 349, 30],
  ['tomatoes', 'Tomatoes', 'produce', 329, 30],
  ['trash-bags', 'Trash Bags', 'household', 799, 20],
  ['whole-wheat-bread', 'Whole Wheat Bread', 'bakery', 349, 20],
];

/**
 * product_id -> {product_id, name, category, price (cents), stock (initial), text}; `text` is
 * what search_products looks in, lower-cased once here (module-level work runs at build time,
 * in the interpreter snapshot, not in each call).
 */
export const PRODUCTS = new Map(
  CATALOG.map(([id, name, category, price, stock]) => [
    id,
    {
      product_id: id,
      name,
      category,
      price,
      stock,
      text: [id, name, category].join('\u0000').toLowerCase(),
    },
  ]),
);

/** Product ids in sorted order. */
export const PRODUCT_IDS = CATALOG.map((p) => p[0]);

/** The coupons: code -> what it gives and when (see `Cart.couponProblem`). */
export const COUPONS = {
  SAVE10: '10% off the subtotal (rounded to the cent, half up)',
  FIVEOFF: '$5 off a subtotal of at least $25',
  BULK15: '15% off when the cart holds at least 10 units',
};

/** Cents off for FIVEOFF, the subtotal it needs, and the units BULK15 needs. */
const FIVEOFF_CENTS = 500;
const FIVEOFF_MIN_SUBTOTAL = 2500;
const BULK15_MIN_UNITS = 10;
const MAX_QUERY_CHARS = 100;

function fn(name, description, properties, required) {
  return {
    name,
    description,
    parameters: { type: 'object', properties, required, additionalProperties: false },
  };
}

const productId = {
  type: 'string',
  description: "The product's id, e.g. 'oat-milk' (search_products lists them)",
  maxLength: MAX_QUERY_CHARS,
};

/** The tool's functions, in the OpenAI / BFCL function-calling convention. */
export const SPEC = [
  fn(
    'search_products',
    'Searches the store catalog (24 grocery and household products in the categories ' +
      'produce, dairy, bakery, pantry, drinks and household) for a case-insensitive text ' +
      'in the product name, id or category. Returns {"query", "products": [{"product_id", ' +
      '"name", "category", "price", "stock"}]} sorted by product_id; an empty query lists ' +
      'every product.',
    {
      query: {
        type: 'string',
        description: "Text to look for, e.g. 'milk' or 'household'",
        maxLength: MAX_QUERY_CHARS,
      },
    },
    ['query'],
  ),
  fn(
    'add_to_cart',
    'Adds units of a product to the cart (up to the stock). Returns {"product_id", ' +
      '"quantity" (now in the cart), "cart_total"}.',
    {
      product_id: productId,
      quantity: {
        type: 'integer',
        description: 'Units to add (default 1)',
        minimum: 1,
        default: 1,
      },
    },
    ['product_id'],
  ),
  fn(
    'remove_from_cart',
    'Removes units of a product from the cart, or the whole line when quantity is left ' +
      'out. Returns {"product_id", "quantity" (left in the cart), "cart_total"}, plus ' +
      '"coupon_removed" when the applied coupon no longer applies.',
    {
      product_id: productId,
      quantity: {
        type: 'integer',
        description: 'Units to remove; leave out to remove the product entirely',
        minimum: 1,
      },
    },
    ['product_id'],
  ),
  fn(
    'view_cart',
    'Shows the cart: {"items": [{"product_id", "name", "quantity", "unit_price", ' +
      '"line_total"}] sorted by product_id, "subtotal", "coupon" (code or null), ' +
      '"discount", "total"}.',
    {},
    [],
  ),
  fn(
    'apply_coupon',
    'Applies a coupon code (case-insensitive) to the cart, replacing any coupon applied ' +
      'before. SAVE10: 10% off the subtotal; FIVEOFF: $5 off a subtotal of at least $25; ' +
      'BULK15: 15% off when the cart holds at least 10 units. The discount follows later ' +
      'cart changes, and a coupon that stops applying is removed. Returns {"coupon", ' +
      '"discount", "total"}.',
    {
      code: {
        type: 'string',
        description: "The coupon code, e.g. 'SAVE10'",
        maxLength: MAX_QUERY_CHARS,
      },
    },
    ['code'],
  ),
  fn(
    'checkout',
    'Places an order for everything in the cart at its current total; the stock goes ' +
      'down and the cart and coupon are cleared. Returns {"order_id" (ORD-0001, ORD-0002, ' +
      '...), "items" (units ordered), "total"}.',
    {},
    [],
  ),
  fn(
    'order_status',
    'Looks up an order placed in this session. Returns {"order_id", "items": ' +
      '[{"product_id", "name", "quantity", "unit_price", "line_total"}], "total", "status"}.',
    {
      order_id: {
        type: 'string',
        description: "The order's id as checkout returned it, e.g. 'ORD-0001'",
        maxLength: MAX_QUERY_CHARS,
      },
    },
    ['order_id'],
  ),
];

const NAMES = SPEC.map((f) => f.name);

/** A tool error: the message tells the model what was wrong and what is valid. */
export class CartError extends Error {}

/** Cents as a number of dollars with at most two decimals (`1250` -> `12.5`). */
export function money(cents) {
  return cents / 100;
}

/** `text` cut to 80 characters for quoting in a message. */
function clip(text) {
  return text.length <= 80 ? text : `${text.slice(0, 80)}...`;
}

/**
 * Levenshtein distance between `a` and `b` (UTF-16 code units), or `limit + 1` when it is
 * larger than `limit`: only the diagonal band of width 2 * limit + 1 is filled, and the
 * rows stop once the band holds nothing within the limit. The interpreter pays about 10,000
 * fuel per cell, so the band is what keeps a did-you-mean affordable.
 */
export function editDistance(a, b, limit = Infinity) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const over = Math.min(limit, Math.max(a.length, b.length)) + 1;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= over ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - over);
    const to = Math.min(b.length, i + over);
    cur.fill(over);
    cur[0] = i <= over ? i : over;
    let best = cur[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      let d = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      if (prev[j] + 1 < d) d = prev[j] + 1;
      if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
      cur[j] = d < over ? d : over;
      if (cur[j] < best) best = cur[j];
    }
    if (best >= over) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] <= limit ? prev[b.length] : limit + 1;
}

/**
 * The candidate closest to `query` (first in `candidates` order on ties), by the rule of
 * `tz_tool_common::fuzzy`: at most a third of the query's length plus one edits away, or
 * containing / contained in it (3+ characters). Case, spaces and underscores are ignored
 * (`Oat Milk` finds `oat-milk`). Candidates must be lower case.
 */
export function closest(query, candidates) {
  if (query.length > 64) return null;
  const q = query.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const limit = Math.floor(q.length / 3) + 1;
  const contains = (x, y) => y.length >= 3 && x.includes(y);
  let best = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // Within the limit, only a strictly nearer candidate can win; past it, only a
    // containing or contained one qualifies, at its full distance.
    let d = editDistance(q, c, Math.min(limit, bestDistance - 1));
    if (d > limit) {
      if (!contains(c, q) && !contains(q, c)) continue;
      d = editDistance(q, c);
    }
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** A JSON value's type name for error messages. */
function typeName(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** Parses a JSON object text, or throws `CartError` naming `what`. */
function parseObject(text, what) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CartError(`${what} is not valid JSON: ${e.message}`);
  }
  if (typeName(value) !== 'object') {
    throw new CartError(`${what} must be a JSON object, got ${typeName(value)}`);
  }
  return value;
}

/** One session's cart, stock and orders. */
export class Cart {
  constructor() {
    /** product_id -> units left in the store. */
    this.stock = new Map(CATALOG.map((p) => [p[0], p[4]]));
    /** product_id -> units in the cart (each at least 1, at most the stock). */
    this.lines = new Map();
    /** The applied coupon's code, or null. */
    this.coupon = null;
    /** Placed orders: {order_id, items: [[product_id, quantity]] sorted, total_cents}. */
    this.orders = [];
  }

  /**
   * Replaces the state with the catalog's defaults plus `configText`, a JSON object
   * `{"cart"?: {product_id: quantity}, "coupon"?: code, "stock"?: {product_id: n}}`. Checks
   * everything before changing anything.
   */
  load(configText) {
    const config = parseObject(configText, 'the config');
    for (const key of Object.keys(config)) {
      if (!['cart', 'coupon', 'stock'].includes(key)) {
        throw new CartError(`unknown config key '${clip(key)}'; expected cart, coupon, stock`);
      }
    }
    const next = new Cart();
    for (const [id, n] of entries(config.stock, 'stock')) {
      checkedId(id, " in the config's stock");
      next.stock.set(id, count(n, `config stock of '${id}'`, 0));
    }
    for (const [id, n] of entries(config.cart, 'cart')) {
      checkedId(id, " in the config's cart");
      const quantity = count(n, `config cart quantity of '${id}'`, 1);
      if (quantity > next.stock.get(id)) {
        throw new CartError(
          `config cart holds ${quantity} of '${id}' but the stock is ${next.stock.get(id)}`,
        );
      }
      next.lines.set(id, quantity);
    }
    if (config.coupon !== undefined && config.coupon !== null) {
      if (typeof config.coupon !== 'string') {
        throw new CartError(`config coupon must be a string, got ${typeName(config.coupon)}`);
      }
      const code = knownCoupon(config.coupon, " in the config");
      const problem = next.couponProblem(code);
      if (problem) throw new CartError(`config coupon ${code} does not apply: ${problem}`);
      next.coupon = code;
    }
    Object.assign(this, next);
  }

  /** The observable state as JSON text (keys sorted, orders in placement order). */
  state() {
    return JSON.stringify({
      cart: this.cartObject(),
      coupon: this.coupon,
      orders: this.orders.map((o) => ({
        order_id: o.order_id,
        items: Object.fromEntries(o.items),
        total_cents: o.total_cents,
      })),
      stock: Object.fromEntries(PRODUCT_IDS.map((id) => [id, this.stock.get(id)])),
    });
  }

  /** Calls function `name` with `argumentsText` (a JSON object); the result as JSON text. */
  call(name, argumentsText) {
    if (!NAMES.includes(name)) {
      const list = NAMES.join(', ');
      throw new CartError(`unknown function '${clip(name)}'; functions here: ${list}`);
    }
    const args = new Args(name, parseObject(argumentsText, 'arguments'));
    let out;
    switch (name) {
      case 'search_products':
        out = this.searchProducts(args.string('query'));
        break;
      case 'add_to_cart':
        out = this.addToCart(args.string('product_id'), args.integer('quantity', 1));
        break;
      case 'remove_from_cart':
        out = this.removeFromCart(args.string('product_id'), args.integer('quantity', null));
        break;
      case 'view_cart':
        out = this.viewCart();
        break;
      case 'apply_coupon':
        out = this.applyCoupon(args.string('code'));
        break;
      case 'checkout':
        out = this.checkout();
        break;
      default:
        out = this.orderStatus(args.string('order_id'));
    }
    return JSON.stringify(out);
  }

  searchProducts(query) {
    const q = query.trim().toLowerCase();
    const products = PRODUCT_IDS.map((id) => PRODUCTS.get(id))
      .filter((p) => p.text.includes(q))
      .map((p) => ({
        product_id: p.product_id,
        name: p.name,
        category: p.category,
        price: money(p.price),
        stock: this.stock.get(p.product_id),
      }));
    return { query, products };
  }

  addToCart(id, quantity) {
    checkedId(id, '');
    const have = this.lines.get(id) ?? 0;
    const stock = this.stock.get(id);
    if (stock === 0) throw new CartError(`'${id}' is out of stock`);
    if (have + quantity > stock) {
      const room = stock - have;
      throw new CartError(
        `cannot add ${quantity} of '${id}': ${stock} in stock and ${have} already in the cart; ` +
          (room > 0 ? `add at most ${room}` : 'no more can be added'),
      );
    }
    this.lines.set(id, have + quantity);
    return this.changed({ product_id: id, quantity: have + quantity });
  }

  removeFromCart(id, quantity) {
    checkedId(id, '');
    const have = this.lines.get(id);
    if (have === undefined) {
      const inCart = [...this.lines.keys()].sort();
      throw new CartError(
        `'${id}' is not in the cart; ` +
          (inCart.length ? `the cart has ${inCart.join(', ')}` : 'the cart is empty'),
      );
    }
    if (quantity !== null && quantity > have) {
      throw new CartError(
        `the cart has only ${have} of '${id}'; remove at most ${have} ` +
          '(or leave quantity out to remove the line)',
      );
    }
    const left = quantity === null ? 0 : have - quantity;
    if (left === 0) this.lines.delete(id);
    else this.lines.set(id, left);
    return this.changed({ product_id: id, quantity: left });
  }

  viewCart() {
    const { subtotal, discount } = this.totals();
    return {
      items: this.itemLines(this.sortedLines()),
      subtotal: money(subtotal),
      coupon: this.coupon,
      discount: money(discount),
      total: money(subtotal - discount),
    };
  }

  applyCoupon(text) {
    const code = knownCoupon(text, '');
    const problem = this.couponProblem(code);
    if (problem) throw new CartError(`coupon ${code} cannot be applied: ${problem}`);
    this.coupon = code;
    const { subtotal, discount } = this.totals();
    return { coupon: code, discount: money(discount), total: money(subtotal - discount) };
  }

  checkout() {
    if (this.lines.size === 0) {
      throw new CartError('the cart is empty; add products with add_to_cart before checking out');
    }
    const { subtotal, discount, units } = this.totals();
    const items = this.sortedLines();
    for (const [id, quantity] of items) this.stock.set(id, this.stock.get(id) - quantity);
    const order = {
      order_id: `ORD-${String(this.orders.length + 1).padStart(4, '0')}`,
      items,
      total_cents: subtotal - discount,
    };
    this.orders.push(order);
    this.lines.clear();
    this.coupon = null;
    return { order_id: order.order_id, items: units, total: money(order.total_cents) };
  }

  orderStatus(text) {
    const id = text.trim().toUpperCase();
    const order = this.orders.find((o) => o.order_id === id);
    if (!order) {
      const placed = this.orders.map((o) => o.order_id);
      throw new CartError(
        `unknown order '${clip(text)}'; ` +
          (placed.length
            ? `orders placed in this session: ${placed.join(', ')}`
            : 'no order has been placed in this session yet (checkout places one)'),
      );
    }
    return {
      order_id: order.order_id,
      items: this.itemLines(order.items),
      total: money(order.total_cents),
      status: 'placed',
    };
  }

  /** Why known coupon `code` cannot apply to the cart now, or null when it can. */
  couponProblem(code) {
    const { subtotal, units } = this.totals(null);
    if (units === 0) return 'the cart is empty';
    if (code === 'FIVEOFF' && subtotal < FIVEOFF_MIN_SUBTOTAL) {
      const need = money(FIVEOFF_MIN_SUBTOTAL);
      return `it needs a subtotal of at least ${need} (the subtotal is ${money(subtotal)})`;
    }
    if (code === 'BULK15' && units < BULK15_MIN_UNITS) {
      return `it needs at least ${BULK15_MIN_UNITS} units in the cart (the cart has ${units})`;
    }
    return null;
  }

  /** Subtotal and discount in cents and units, for `coupon` (default: the applied one). */
  totals(coupon = this.coupon) {
    let subtotal = 0;
    let units = 0;
    for (const [id, quantity] of this.lines) {
      subtotal += quantity * PRODUCTS.get(id).price;
      units += quantity;
    }
    let discount = 0;
    if (coupon === 'SAVE10') discount = Math.floor((subtotal * 10 + 50) / 100);
    else if (coupon === 'FIVEOFF') discount = FIVEOFF_CENTS;
    else if (coupon === 'BULK15') discount = Math.floor((subtotal * 15 + 50) / 100);
    return { subtotal, discount: Math.min(discount, subtotal), units };
  }

  /** `result` plus the cart total after a change, dropping a coupon that stopped applying. */
  changed(result) {
    let removed = null;
    if (this.coupon && this.couponProblem(this.coupon)) {
      removed = this.coupon;
      this.coupon = null;
    }
    const { subtotal, discount } = this.totals();
    result.cart_total = money(subtotal - discount);
    if (removed) result.coupon_removed = removed;
    return result;
  }

  sortedLines() {
    return [...this.lines].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  cartObject() {
    return Object.fromEntries(this.sortedLines());
  }

  itemLines(lines) {
    return lines.map(([id, quantity]) => {
      const p = PRODUCTS.get(id);
      return {
        product_id: id,
        name: p.name,
        quantity,
        unit_price: money(p.price),
        line_total: money(p.price * quantity),
      };
    });
  }
}

/** Coupon code `text` normalized (trimmed, upper case) if it is a known code, else a
 * `CartError` (`where` says where it came from) with the closest code. */
function knownCoupon(text, where) {
  const code = text.trim().toUpperCase();
  if (code in COUPONS) return code;
  const near = closest(code, Object.keys(COUPONS).map((c) => c.toLowerCase()))?.toUpperCase();
  throw new CartError(
    `unknown coupon code '${clip(text)}'${where}` +
      (near ? `; did you mean '${near}'?` : '; check the code'),
  );
}

/** `id` if it is a catalog product id, else a `CartError` (`where` says where it came from)
 * with the closest id. */
function checkedId(id, where) {
  if (PRODUCTS.has(id)) return id;
  const near = closest(id, PRODUCT_IDS);
  throw new CartError(
    `unknown product '${clip(id)}'${where}` +
      (near ? `; did you mean '${near}'?` : '; search_products lists the product ids'),
  );
}

/** The entries of config object `value` (absent or null: none). */
function entries(value, key) {
  if (value === undefined || value === null) return [];
  if (typeName(value) !== 'object') {
    throw new CartError(
      `config ${key} must be an object of product_id: count, got ${typeName(value)}`,
    );
  }
  return Object.entries(value);
}

/** `n` if it is an integer of at least `min`, else a `CartError` naming `what`. */
function count(n, what, min) {
  if (!Number.isInteger(n) || n < min) {
    const got = clip(JSON.stringify(n) ?? String(n));
    throw new CartError(`${what} must be an integer of at least ${min}, got ${got}`);
  }
  return n;
}

/** A function's arguments, read with type checks that throw `CartError`. */
class Args {
  constructor(name, members) {
    const props = SPEC.find((f) => f.name === name).parameters.properties;
    for (const key of Object.keys(members)) {
      if (!(key in props)) {
        const known = Object.keys(props);
        throw new CartError(
          `unknown parameter '${clip(key)}' for ${name}; ` +
            (known.length ? `parameters: ${known.join(', ')}` : 'it takes no parameters'),
        );
      }
    }
    this.members = members;
  }

  /** A required string. */
  string(key) {
    const v = this.members[key];
    if (v === undefined || v === null) {
      throw new CartError(`missing required parameter '${key}' (string)`);
    }
    if (typeof v !== 'string') {
      throw new CartError(`parameter '${key}' must be a string, got ${typeName(v)}`);
    }
    return v;
  }

  /** An integer of at least 1, `fallback` when absent. */
  integer(key, fallback) {
    const v = this.members[key];
    if (v === undefined || v === null) return fallback;
    if (!Number.isInteger(v)) {
      throw new CartError(`parameter '${key}' must be an integer, got ${clip(JSON.stringify(v))}`);
    }
    if (v < 1) throw new CartError(`parameter '${key}' must be at least 1, got ${v}`);
    return v;
  }
}

/** Runs `f`; a `CartError` becomes the `err` text, any other exception an internal error. */
function guarded(f) {
  try {
    return f();
  } catch (e) {
    if (e instanceof CartError) throw e.message;
    throw `internal error in cart: ${e}`;
  }
}

/** The component (world `session-tool`): one `Session` per episode. */
export const stateful = {
  spec() {
    return JSON.stringify(SPEC);
  },
  Session: class {
    constructor(_seed) {
      this.cart = new Cart();
    }

    load(config) {
      guarded(() => this.cart.load(config));
    }

    state() {
      return this.cart.state();
    }

    call(name, args) {
      return guarded(() => this.cart.call(name, args));
    }
  },
};
