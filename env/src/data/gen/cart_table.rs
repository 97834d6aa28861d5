//! The `cart` tool's catalog as the generator relies on it: ids, names, categories, prices in
//! cents and starting stock, copied from `tools-wasm/cart/tool.js`, plus the words a shopper
//! uses for one and for several of each product. `tests/gen_multi_turn.rs` checks that the
//! table equals what the component's `search_products("")` returns, so drift is caught.

use serde_json::{Value, json};

/// One product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Product {
    /// Its id (a slug: `oat-milk`).
    pub id: &'static str,
    /// Its display name.
    pub name: &'static str,
    /// Its category.
    pub category: &'static str,
    /// Its price in cents.
    pub price: i64,
    /// Units in stock when a session starts.
    pub stock: i64,
    /// One unit, as a shopper says it (`carton of oat milk`).
    pub one: &'static str,
    /// Several units (`cartons of oat milk`).
    pub many: &'static str,
}

const fn p(
    id: &'static str,
    name: &'static str,
    category: &'static str,
    price: i64,
    stock: i64,
    (one, many): (&'static str, &'static str),
) -> Product {
    Product {
        id,
        name,
        category,
        price,
        stock,
        one,
        many,
    }
}

/// Every product, sorted by id (as `search_products` lists them).
#[rustfmt::skip]
pub(crate) const PRODUCTS: [Product; 24] = [
    p("apple-juice", "Apple Juice", "drinks", 349, 20, ("bottle of apple juice", "bottles of apple juice")),
    p("bananas", "Bananas", "produce", 129, 40, ("bunch of bananas", "bunches of bananas")),
    p("basmati-rice", "Basmati Rice", "pantry", 459, 25, ("bag of basmati rice", "bags of basmati rice")),
    p("butter", "Butter", "dairy", 379, 20, ("pack of butter", "packs of butter")),
    p("cheddar-cheese", "Cheddar Cheese", "dairy", 549, 15, ("block of cheddar", "blocks of cheddar")),
    p("coffee-beans", "Coffee Beans", "pantry", 1299, 12, ("bag of coffee beans", "bags of coffee beans")),
    p("dish-soap", "Dish Soap", "household", 299, 30, ("bottle of dish soap", "bottles of dish soap")),
    p("eggs", "Eggs", "dairy", 399, 24, ("dozen eggs", "dozen eggs")),
    p("green-apples", "Green Apples", "produce", 449, 30, ("bag of green apples", "bags of green apples")),
    p("green-tea", "Green Tea", "drinks", 429, 18, ("box of green tea", "boxes of green tea")),
    p("hand-soap", "Hand Soap", "household", 249, 25, ("bottle of hand soap", "bottles of hand soap")),
    p("honey", "Honey", "pantry", 899, 10, ("jar of honey", "jars of honey")),
    p("laundry-detergent", "Laundry Detergent", "household", 1499, 10, ("bottle of laundry detergent", "bottles of laundry detergent")),
    p("oat-milk", "Oat Milk", "dairy", 299, 40, ("carton of oat milk", "cartons of oat milk")),
    p("olive-oil", "Olive Oil", "pantry", 1099, 15, ("bottle of olive oil", "bottles of olive oil")),
    p("orange-juice", "Orange Juice", "drinks", 399, 20, ("bottle of orange juice", "bottles of orange juice")),
    p("paper-towels", "Paper Towels", "household", 699, 20, ("pack of paper towels", "packs of paper towels")),
    p("pasta", "Pasta", "pantry", 199, 50, ("pack of pasta", "packs of pasta")),
    p("sparkling-water", "Sparkling Water", "drinks", 99, 60, ("bottle of sparkling water", "bottles of sparkling water")),
    p("spinach", "Spinach", "produce", 279, 20, ("bag of spinach", "bags of spinach")),
    p("sponges", "Sponges", "household", 349, 30, ("pack of sponges", "packs of sponges")),
    p("tomatoes", "Tomatoes", "produce", 329, 30, ("pack of tomatoes", "packs of tomatoes")),
    p("trash-bags", "Trash Bags", "household", 799, 20, ("roll of trash bags", "rolls of trash bags")),
    p("whole-wheat-bread", "Whole Wheat Bread", "bakery", 349, 20, ("loaf of whole wheat bread", "loaves of whole wheat bread")),
];

/// Money in cents as the tool writes it: a number with at most 2 decimals (`12.5`, `3.99`).
pub(crate) fn money(cents: i64) -> Value {
    super::phrasing::json_number(cents as f64 / 100.0)
}

/// The catalog as `search_products("")` lists it: `[{"product_id", "name", "category",
/// "price", "stock"}]`, sorted by id.
pub(crate) fn listing() -> Value {
    Value::Array(
        PRODUCTS
            .iter()
            .map(|p| {
                json!({
                    "product_id": p.id,
                    "name": p.name,
                    "category": p.category,
                    "price": money(p.price),
                    "stock": p.stock,
                })
            })
            .collect(),
    )
}

/// The product with id `id`.
pub(crate) fn product(id: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_by_id_and_money_has_at_most_two_decimals() {
        assert!(PRODUCTS.windows(2).all(|w| w[0].id < w[1].id));
        assert_eq!(money(1250).to_string(), "12.5");
        assert_eq!(money(399).to_string(), "3.99");
        assert_eq!(money(1000).to_string(), "10");
        assert_eq!(listing().as_array().map(Vec::len), Some(PRODUCTS.len()));
    }
}
