// Unit tests of the `cart` tool's logic, run natively: `cd tools-wasm/cart && node --test`.
// Money is checked in cents by hand (prices are in tool.js's CATALOG).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  Cart,
  CartError,
  COUPONS,
  PRODUCT_IDS,
  PRODUCTS,
  SPEC,
  closest,
  editDistance,
  stateful,
} from './tool.js';

/** Calls `name` with `args` (an object) and parses the result. */
function call(cart, name, args = {}) {
  return JSON.parse(cart.call(name, JSON.stringify(args)));
}

/** Asserts that the call fails with a message containing every fragment; returns it. */
function fails(cart, name, args, ...fragments) {
  const text = typeof args === 'string' ? args : JSON.stringify(args);
  let message = null;
  try {
    cart.call(name, text);
  } catch (e) {
    assert.ok(e instanceof CartError, `${name}: ${e}`);
    message = e.message;
  }
  assert.notEqual(message, null, `${name} ${text} should fail`);
  for (const f of fragments) assert.ok(message.includes(f), `${message} lacks ${f}`);
  return message;
}

/** Asserts that loading `config` fails with a message containing every fragment. */
function loadFails(cart, config, ...fragments) {
  const text = typeof config === 'string' ? config : JSON.stringify(config);
  assert.throws(
    () => cart.load(text),
    (e) => e instanceof CartError && fragments.every((f) => e.message.includes(f)),
  );
}

test('the spec follows the house rules of check_spec', () => {
  // The rules of tools-wasm/common/src/spec.rs `check_spec`.
  const names = [];
  for (const f of SPEC) {
    assert.deepEqual(Object.keys(f).sort(), ['description', 'name', 'parameters']);
    assert.match(f.name, /^[a-z][a-z0-9_]*$/);
    assert.ok(f.description.length > 0);
    const p = f.parameters;
    assert.equal(p.type, 'object');
    assert.equal(p.additionalProperties, false);
    for (const [key, schema] of Object.entries(p.properties)) {
      assert.equal(typeof schema.type, 'string', `${f.name}.${key}`);
      assert.ok(schema.description, `${f.name}.${key}`);
    }
    for (const r of p.required) assert.ok(r in p.properties);
    assert.ok(!names.includes(f.name));
    names.push(f.name);
  }
  assert.deepEqual(names, [
    'search_products',
    'add_to_cart',
    'remove_from_cart',
    'view_cart',
    'apply_coupon',
    'checkout',
    'order_status',
  ]);
  assert.deepEqual(JSON.parse(stateful.spec()), SPEC);
});

test('the catalog holds 24 products with sorted slug ids and cent prices', () => {
  assert.equal(PRODUCT_IDS.length, 24);
  assert.deepEqual([...PRODUCT_IDS].sort(), PRODUCT_IDS);
  const categories = new Set();
  for (const id of PRODUCT_IDS) {
    assert.match(id, /^[a-z]+(-[a-z]+)*$/);
    const p = PRODUCTS.get(id);
    assert.ok(Number.isInteger(p.price) && p.price > 0, id);
    assert.ok(Number.isInteger(p.stock) && p.stock > 0, id);
    categories.add(p.category);
  }
  assert.deepEqual(
    [...categories].sort(),
    ['bakery', 'dairy', 'drinks', 'household', 'pantry', 'produce'],
  );
  for (const id of ['green-apples', 'oat-milk', 'dish-soap']) assert.ok(PRODUCTS.has(id));
});

test('search_products matches name, id or category in any case, sorted by id', () => {
  const cart = new Cart();
  assert.equal(
    cart.call('search_products', '{"query": "MILK"}'),
    '{"query":"MILK","products":[' +
      '{"product_id":"oat-milk","name":"Oat Milk","category":"dairy","price":2.99,"stock":40}]}',
  );
  const household = call(cart, 'search_products', { query: 'household' }).products;
  assert.deepEqual(
    household.map((p) => p.product_id),
    ['dish-soap', 'hand-soap', 'laundry-detergent', 'paper-towels', 'sponges', 'trash-bags'],
  );
  const juices = call(cart, 'search_products', { query: 'Juice' }).products;
  assert.deepEqual(
    juices.map((p) => [p.product_id, p.price]),
    [['apple-juice', 3.49], ['orange-juice', 3.99]],
  );
  assert.deepEqual(call(cart, 'search_products', { query: 'caviar' }).products, []);
  assert.equal(call(cart, 'search_products', { query: '' }).products.length, 24);
});

test('add_to_cart adds one unit by default and accumulates', () => {
  const cart = new Cart();
  assert.equal(
    cart.call('add_to_cart', '{"product_id": "bananas"}'),
    '{"product_id":"bananas","quantity":1,"cart_total":1.29}',
  );
  assert.deepEqual(call(cart, 'add_to_cart', { product_id: 'bananas', quantity: 2 }), {
    product_id: 'bananas',
    quantity: 3,
    cart_total: 3.87,
  });
  // 3 x 1.29 + 2 x 2.99 = 9.85
  assert.equal(call(cart, 'add_to_cart', { product_id: 'oat-milk', quantity: 2 }).cart_total, 9.85);
  // An integer may be written as 1.0 (JSON Schema's integer).
  const more = cart.call('add_to_cart', '{"product_id": "oat-milk", "quantity": 1.0}');
  assert.equal(JSON.parse(more).quantity, 3);
});

test('add_to_cart suggests the closest id for an unknown product', () => {
  const cart = new Cart();
  assert.equal(
    fails(cart, 'add_to_cart', { product_id: 'oatmilk' }),
    "unknown product 'oatmilk'; did you mean 'oat-milk'?",
  );
  fails(cart, 'add_to_cart', { product_id: 'Green Apples' }, "did you mean 'green-apples'?");
  fails(cart, 'add_to_cart', { product_id: 'caviar' }, 'search_products lists the product ids');
});

test('add_to_cart refuses more than the stock and says how many fit', () => {
  const cart = new Cart();
  fails(cart, 'add_to_cart', { product_id: 'honey', quantity: 11 }, '10 in stock', 'at most 10');
  call(cart, 'add_to_cart', { product_id: 'honey', quantity: 6 });
  fails(
    cart,
    'add_to_cart',
    { product_id: 'honey', quantity: 5 },
    '10 in stock and 6 already in the cart; add at most 4',
  );
  call(cart, 'add_to_cart', { product_id: 'honey', quantity: 4 });
  fails(cart, 'add_to_cart', { product_id: 'honey' }, 'no more can be added');
  call(cart, 'checkout');
  fails(cart, 'add_to_cart', { product_id: 'honey' }, "'honey' is out of stock");
});

test('remove_from_cart removes units or the whole line', () => {
  const cart = new Cart();
  call(cart, 'add_to_cart', { product_id: 'bananas', quantity: 5 });
  call(cart, 'add_to_cart', { product_id: 'pasta' });
  assert.deepEqual(call(cart, 'remove_from_cart', { product_id: 'bananas', quantity: 2 }), {
    product_id: 'bananas',
    quantity: 3,
    cart_total: 5.86,
  });
  assert.deepEqual(call(cart, 'remove_from_cart', { product_id: 'bananas' }), {
    product_id: 'bananas',
    quantity: 0,
    cart_total: 1.99,
  });
  fails(
    cart,
    'remove_from_cart',
    { product_id: 'bananas' },
    "'bananas' is not in the cart; the cart has pasta",
  );
  fails(cart, 'remove_from_cart', { product_id: 'pasta', quantity: 2 }, 'only 1', 'remove at most 1');
  call(cart, 'remove_from_cart', { product_id: 'pasta', quantity: 1 });
  fails(cart, 'remove_from_cart', { product_id: 'pasta' }, 'the cart is empty');
  fails(cart, 'remove_from_cart', { product_id: 'pastta' }, "did you mean 'pasta'?");
});

test('view_cart lists lines sorted by id with totals', () => {
  const cart = new Cart();
  assert.equal(
    cart.call('view_cart', '{}'),
    '{"items":[],"subtotal":0,"coupon":null,"discount":0,"total":0}',
  );
  call(cart, 'add_to_cart', { product_id: 'eggs', quantity: 2 });
  call(cart, 'add_to_cart', { product_id: 'apple-juice', quantity: 3 });
  assert.equal(
    cart.call('view_cart', '{}'),
    '{"items":[' +
      '{"product_id":"apple-juice","name":"Apple Juice","quantity":3,' +
      '"unit_price":3.49,"line_total":10.47},' +
      '{"product_id":"eggs","name":"Eggs","quantity":2,"unit_price":3.99,"line_total":7.98}],' +
      '"subtotal":18.45,"coupon":null,"discount":0,"total":18.45}',
  );
});

test('SAVE10 takes 10% off rounded half up and follows the cart', () => {
  const cart = new Cart();
  call(cart, 'add_to_cart', { product_id: 'bananas', quantity: 5 }); // 645 cents
  // 64.5 cents rounds half up to 65; codes are case-insensitive and trimmed.
  assert.equal(
    cart.call('apply_coupon', '{"code": " save10 "}'),
    '{"coupon":"SAVE10","discount":0.65,"total":5.8}',
  );
  // 645 + 199 = 844 cents: 84.4 rounds to 84.
  assert.equal(call(cart, 'add_to_cart', { product_id: 'pasta' }).cart_total, 7.6);
  const view = call(cart, 'view_cart');
  assert.deepEqual(
    [view.coupon, view.subtotal, view.discount, view.total],
    ['SAVE10', 8.44, 0.84, 7.6],
  );
});

test('FIVEOFF needs a subtotal of 25 and is removed when the subtotal drops below', () => {
  const cart = new Cart();
  call(cart, 'add_to_cart', { product_id: 'paper-towels', quantity: 3 }); // 2097 cents
  fails(
    cart,
    'apply_coupon',
    { code: 'FIVEOFF' },
    'coupon FIVEOFF cannot be applied: it needs a subtotal of at least 25 (the subtotal is 20.97)',
  );
  call(cart, 'remove_from_cart', { product_id: 'paper-towels' });
  // Exactly 25.00: 3 x 1.29 + 4 x 3.79 + 3 x 1.99.
  call(cart, 'add_to_cart', { product_id: 'bananas', quantity: 3 });
  call(cart, 'add_to_cart', { product_id: 'butter', quantity: 4 });
  call(cart, 'add_to_cart', { product_id: 'pasta', quantity: 3 });
  assert.deepEqual(call(cart, 'apply_coupon', { code: 'fiveoff' }), {
    coupon: 'FIVEOFF',
    discount: 5,
    total: 20,
  });
  assert.deepEqual(call(cart, 'remove_from_cart', { product_id: 'pasta', quantity: 1 }), {
    product_id: 'pasta',
    quantity: 2,
    cart_total: 23.01,
    coupon_removed: 'FIVEOFF',
  });
  assert.equal(call(cart, 'view_cart').coupon, null);
});

test('BULK15 needs 10 units; a new coupon replaces the old; a refused one changes nothing', () => {
  const cart = new Cart();
  call(cart, 'add_to_cart', { product_id: 'bananas', quantity: 9 });
  fails(cart, 'apply_coupon', { code: 'BULK15' }, 'at least 10 units in the cart (the cart has 9)');
  call(cart, 'apply_coupon', { code: 'SAVE10' });
  fails(cart, 'apply_coupon', { code: 'BULK15' }, 'cart has 9');
  assert.equal(call(cart, 'view_cart').coupon, 'SAVE10');
  call(cart, 'add_to_cart', { product_id: 'bananas' }); // 10 units, 1290 cents
  // 15% of 1290 = 193.5 -> 194 cents.
  assert.deepEqual(call(cart, 'apply_coupon', { code: 'bulk15' }), {
    coupon: 'BULK15',
    discount: 1.94,
    total: 10.96,
  });
  const removed = call(cart, 'remove_from_cart', { product_id: 'bananas', quantity: 1 });
  assert.equal(removed.coupon_removed, 'BULK15');
  assert.equal(removed.cart_total, 11.61);
});

test('unknown coupons are errors, with a hint when close; an empty cart takes none', () => {
  const cart = new Cart();
  fails(cart, 'apply_coupon', { code: 'SAVE10' }, 'cannot be applied: the cart is empty');
  call(cart, 'add_to_cart', { product_id: 'bananas' });
  assert.equal(
    fails(cart, 'apply_coupon', { code: 'save20' }),
    "unknown coupon code 'save20'; did you mean 'SAVE10'?",
  );
  fails(cart, 'apply_coupon', { code: 'FREESTUFF' }, "unknown coupon code 'FREESTUFF'; check the code");
  call(cart, 'apply_coupon', { code: 'SAVE10' });
  // Emptying the cart drops any coupon.
  assert.equal(call(cart, 'remove_from_cart', { product_id: 'bananas' }).coupon_removed, 'SAVE10');
  assert.deepEqual(Object.keys(COUPONS), ['SAVE10', 'FIVEOFF', 'BULK15']);
});

test('checkout places numbered orders, lowers the stock and clears the cart', () => {
  const cart = new Cart();
  fails(cart, 'checkout', {}, 'the cart is empty');
  call(cart, 'add_to_cart', { product_id: 'coffee-beans', quantity: 2 });
  call(cart, 'add_to_cart', { product_id: 'whole-wheat-bread' });
  call(cart, 'apply_coupon', { code: 'SAVE10' });
  // 2 x 12.99 + 3.49 = 29.47; 10% = 294.7 -> 295 cents off.
  assert.equal(cart.call('checkout', '{}'), '{"order_id":"ORD-0001","items":3,"total":26.52}');
  assert.deepEqual(call(cart, 'view_cart'), {
    items: [],
    subtotal: 0,
    coupon: null,
    discount: 0,
    total: 0,
  });
  const coffee = call(cart, 'search_products', { query: 'coffee-beans' }).products[0];
  assert.equal(coffee.stock, 10);
  call(cart, 'add_to_cart', { product_id: 'dish-soap' });
  assert.equal(call(cart, 'checkout').order_id, 'ORD-0002');
});

test('order_status shows a placed order; unknown ids list the orders', () => {
  const cart = new Cart();
  fails(cart, 'order_status', { order_id: 'ORD-0001' }, 'no order has been placed in this session yet');
  call(cart, 'add_to_cart', { product_id: 'green-tea', quantity: 2 });
  call(cart, 'checkout');
  assert.equal(
    cart.call('order_status', '{"order_id": "ord-0001"}'),
    '{"order_id":"ORD-0001","items":[{"product_id":"green-tea","name":"Green Tea",' +
      '"quantity":2,"unit_price":4.29,"line_total":8.58}],"total":8.58,"status":"placed"}',
  );
  fails(
    cart,
    'order_status',
    { order_id: 'ORD-0002' },
    "unknown order 'ORD-0002'; orders placed in this session: ORD-0001",
  );
});

test('arguments are checked for the model', () => {
  const cart = new Cart();
  fails(cart, 'add_item', {}, "unknown function 'add_item'", 'add_to_cart');
  fails(cart, 'view_cart', '[]', 'arguments must be a JSON object, got array');
  fails(cart, 'view_cart', '{', 'arguments is not valid JSON');
  fails(cart, 'view_cart', { verbose: true }, "unknown parameter 'verbose' for view_cart;", 'no parameters');
  fails(cart, 'add_to_cart', { product_id: 'bananas', qty: 2 }, 'parameters: product_id, quantity');
  fails(cart, 'add_to_cart', {}, "missing required parameter 'product_id'");
  fails(cart, 'add_to_cart', { product_id: 7 }, "'product_id' must be a string, got number");
  fails(cart, 'add_to_cart', { product_id: 'bananas', quantity: 1.5 }, 'must be an integer, got 1.5');
  fails(cart, 'add_to_cart', { product_id: 'bananas', quantity: 0 }, 'at least 1, got 0');
  fails(cart, 'add_to_cart', { product_id: 'bananas', quantity: '2' }, 'must be an integer, got "2"');
});

test('load sets the cart, coupon and stock; state reports them sorted', () => {
  const cart = new Cart();
  cart.load(
    JSON.stringify({
      stock: { 'olive-oil': 3, 'apple-juice': 0 },
      cart: { 'olive-oil': 3, 'oat-milk': 2 },
      coupon: 'save10',
    }),
  );
  const state = JSON.parse(cart.state());
  assert.deepEqual(state.cart, { 'oat-milk': 2, 'olive-oil': 3 });
  assert.deepEqual(Object.keys(state.cart), ['oat-milk', 'olive-oil']);
  assert.equal(state.coupon, 'SAVE10');
  assert.deepEqual(state.orders, []);
  assert.deepEqual(Object.keys(state.stock), PRODUCT_IDS);
  assert.equal(state.stock['olive-oil'], 3);
  assert.equal(state.stock['apple-juice'], 0);
  assert.equal(state.stock.bananas, 40);
  fails(cart, 'add_to_cart', { product_id: 'olive-oil' }, '3 in stock and 3 already in the cart');
  fails(cart, 'add_to_cart', { product_id: 'apple-juice' }, 'out of stock');
  // 3 x 10.99 + 2 x 2.99 = 38.95; 10% = 389.5 -> 390 cents off.
  assert.deepEqual(call(cart, 'checkout'), { order_id: 'ORD-0001', items: 5, total: 35.05 });
  assert.equal(
    cart.state(),
    JSON.stringify({
      cart: {},
      coupon: null,
      orders: [{ order_id: 'ORD-0001', items: { 'oat-milk': 2, 'olive-oil': 3 }, total_cents: 3505 }],
      stock: { ...state.stock, 'oat-milk': 38, 'olive-oil': 0 },
    }),
  );
});

test('load refuses anything malformed or unknown and changes nothing then', () => {
  const cart = new Cart();
  call(cart, 'add_to_cart', { product_id: 'bananas' });
  const before = cart.state();
  loadFails(cart, 'nope', 'the config is not valid JSON');
  loadFails(cart, '[]', 'the config must be a JSON object, got array');
  loadFails(cart, { orders: [] }, "unknown config key 'orders'; expected cart, coupon, stock");
  loadFails(
    cart,
    { cart: { oatmilk: 1 } },
    "unknown product 'oatmilk' in the config's cart; did you mean 'oat-milk'?",
  );
  loadFails(cart, { stock: { caviar: 1 } }, "unknown product 'caviar' in the config's stock");
  loadFails(
    cart,
    { cart: { bananas: 0 } },
    "config cart quantity of 'bananas' must be an integer of at least 1, got 0",
  );
  loadFails(cart, { cart: { bananas: 1.5 } }, 'got 1.5');
  loadFails(cart, { cart: { bananas: '2' } }, 'got "2"');
  loadFails(cart, { cart: [1] }, 'config cart must be an object of product_id: count, got array');
  loadFails(cart, { stock: { bananas: -1 } }, "config stock of 'bananas'", 'at least 0');
  loadFails(cart, { cart: { honey: 11 } }, "config cart holds 11 of 'honey' but the stock is 10");
  loadFails(cart, { stock: { bananas: 1 }, cart: { bananas: 2 } }, 'the stock is 1');
  loadFails(cart, { coupon: 'SAVE10' }, 'config coupon SAVE10 does not apply: the cart is empty');
  loadFails(cart, { cart: { bananas: 1 }, coupon: 'FIVEOFF' }, 'subtotal of at least 25');
  loadFails(cart, { cart: { bananas: 1 }, coupon: 'SAVE99' }, "code 'SAVE99' in the config");
  loadFails(cart, { cart: { bananas: 1 }, coupon: 10 }, 'config coupon must be a string, got number');
  assert.equal(cart.state(), before);
  // An empty config is the catalog's defaults.
  cart.load('{"coupon": null}');
  assert.equal(cart.state(), new Cart().state());
});

test('the component session turns tool errors into error strings', () => {
  const session = new stateful.Session(7n);
  assert.equal(
    session.call('add_to_cart', '{"product_id": "bananas"}'),
    '{"product_id":"bananas","quantity":1,"cart_total":1.29}',
  );
  assert.throws(
    () => session.call('add_to_cart', '{"product_id": "oatmilk"}'),
    (e) => e === "unknown product 'oatmilk'; did you mean 'oat-milk'?",
  );
  assert.throws(
    () => session.load('{"cart": 5}'),
    (e) => typeof e === 'string' && e.includes('config cart'),
  );
  assert.equal(session.load('{"cart": {"pasta": 2}}'), undefined);
  assert.deepEqual(JSON.parse(session.state()).cart, { pasta: 2 });
});

test('the same calls give byte-identical results whatever the seed', () => {
  const run = (seed) => {
    const session = new stateful.Session(seed);
    const out = [];
    for (const [name, args] of [
      ['add_to_cart', { product_id: 'tomatoes', quantity: 4 }],
      ['add_to_cart', { product_id: 'eggs', quantity: 6 }],
      ['apply_coupon', { code: 'BULK15' }],
      ['view_cart', {}],
      ['checkout', {}],
      ['order_status', { order_id: 'ORD-0001' }],
      ['search_products', { query: 'e' }],
    ]) {
      out.push(session.call(name, JSON.stringify(args)));
    }
    out.push(session.state());
    return out;
  };
  assert.deepEqual(run(1n), run(1n));
  assert.deepEqual(run(1n), run(99n));
});

test('editDistance is Levenshtein within a limit and closest follows the fuzzy rule', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('abc', 'abc', 0), 0);
  assert.equal(editDistance('kitten', 'sitting', 2), 3); // over the limit: limit + 1
  assert.equal(editDistance('a', 'abcdef', 2), 3);
  assert.equal(closest('oatmilk', PRODUCT_IDS), 'oat-milk');
  assert.equal(closest('Grean Apples', PRODUCT_IDS), 'green-apples');
  // Containment qualifies beyond the edit limit; the nearer of two containing ids wins.
  assert.equal(closest('milk', PRODUCT_IDS), 'oat-milk');
  assert.equal(closest('coffee', PRODUCT_IDS), 'coffee-beans');
  assert.equal(closest('soap', PRODUCT_IDS), 'dish-soap'); // dish-soap and hand-soap tie: first
  assert.equal(closest('zzz', PRODUCT_IDS), null);
  assert.equal(closest('x'.repeat(65), PRODUCT_IDS), null);
});
