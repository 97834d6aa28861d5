//! The words of the `cart_multi_turn` scripts: one template list per kind of turn (the last
//! quarter of each held out for the test split, see `phrasing::template`), the events a
//! shopper may be shopping for and the places a coupon may come from. Every template may use
//! the script's holes `{person}`, `{event}`, `{day}` and `{source}` besides its own.

/// Add the products in `{items}`.
pub(crate) const ADD: [&str; 12] = [
    "Add {items} to my cart.",
    "Please put {items} in my cart.",
    "I'd like {items}.",
    "Can you add {items} to the cart?",
    "Put {items} in the cart for me.",
    "I need {items}; add them to my cart.",
    "Start my order with {items}.",
    "Add {items}, please.",
    "My shopping list: {items}. Add all of it to the cart.",
    "Throw {items} into my cart.",
    "Could you get {items} into my basket?",
    "Let's begin with {items} in the cart.",
];

/// Remove `{less}` units of `{name}`.
pub(crate) const REMOVE_SOME: [&str; 10] = [
    "Actually, remove {less}.",
    "Take {less} out of my cart.",
    "On second thought, drop {less}.",
    "That's too much {name}: remove {less}.",
    "Please remove {less} from the cart.",
    "I overdid it. Take out {less}.",
    "Can you remove {less}?",
    "Hmm, leave out {less}.",
    "Cut {less} from my order.",
    "Let's lose {less}.",
];

/// Keep only `{keep}` (`{left}` units) of `{name}` (the cart held `{had}`).
pub(crate) const KEEP_ONLY: [&str; 8] = [
    "I only need {keep} after all.",
    "Make it just {keep}.",
    "Change the {name} to {left}.",
    "Lower the {name} to {left}, please.",
    "Keep only {keep} in the cart.",
    "Cut the {name} down to {left}.",
    "Just {keep}, not {had}.",
    "Reduce the {name} so there are {left} left.",
];

/// Remove the whole `{name}` line.
pub(crate) const REMOVE_LINE: [&str; 12] = [
    "Remove the {name} from my cart.",
    "Take the {name} out.",
    "Actually, I don't need the {name}.",
    "Drop the {name}, please.",
    "Please delete the {name} from the cart.",
    "Forget the {name}.",
    "Scratch the {name} off my order.",
    "No {name} after all; remove it.",
    "Get rid of the {name} in my cart.",
    "I changed my mind about the {name}. Remove it.",
    "Leave the {name} out entirely.",
    "Clear the {name} from the cart.",
];

/// Add `{more}` units of `{name}` (`{all}` units, `{total}` in all).
pub(crate) const ADD_MORE: [&str; 8] = [
    "Add {more} on top of that.",
    "Actually, make that {all}.",
    "I need {more} in addition.",
    "Put in {more} as well.",
    "Bump the {name} up to {total}.",
    "Let's have {all} in total.",
    "Top up the {name} with {more}.",
    "Raise the {name} to {total}, please.",
];

/// Ask for the cart and its total.
pub(crate) const TOTAL: [&str; 16] = [
    "What's my total now?",
    "How much is the cart now?",
    "Show me my cart and the total.",
    "What does everything for {event} come to?",
    "Let me see the cart before {day}.",
    "What's in my cart at the moment, and what does it cost?",
    "Can you check the cart total?",
    "How much do I owe so far?",
    "Give me a summary of the cart.",
    "What am I paying right now?",
    "How much will {event} cost me so far?",
    "Tell me the current total.",
    "Review my cart, please.",
    "What's the damage for {event}?",
    "Show me the cart again and what it costs.",
    "Where does the total stand now?",
];

/// Check out.
pub(crate) const CHECKOUT: [&str; 16] = [
    "Check out, please.",
    "That's everything. Place the order.",
    "Go ahead and check out.",
    "I'm done, let's pay.",
    "That's all for {event}. Place my order now.",
    "Finish the purchase.",
    "Complete the checkout; I need it all by {day}.",
    "Please buy everything in the cart.",
    "Order it all, it's for {event}.",
    "Let's wrap up and check out.",
    "Submit the order so it arrives before {day}.",
    "Time to check out.",
    "Place the order for {event}, please.",
    "I'm ready: check out.",
    "Go ahead and order everything in the cart before {day}.",
    "Buy it all now.",
];

/// Apply the coupon `{code}`.
pub(crate) const COUPON: [&str; 16] = [
    "I have a coupon: {code}.",
    "Apply the coupon {code}.",
    "Use my coupon {code}; it came from {source}.",
    "Can you use the code {code}?",
    "Put the discount code {code} on it.",
    "Here's a promo code from {source}: {code}.",
    "Try the coupon code {code}, please.",
    "Redeem {code} on this cart.",
    "I've got {code} from {source}; apply it.",
    "Add the coupon {code} to my order.",
    "I found the code {code} in {source}. Use it.",
    "Apply {code}, it should make {event} cheaper.",
    "Knock some money off with {code}.",
    "My voucher code is {code}. Use it.",
    "Use {code} from {source} on my cart.",
    "Let's save some money: apply {code}.",
];

/// Ask about order `{oid}`.
pub(crate) const ORDER_STATUS: [&str; 12] = [
    "What was in order {oid}?",
    "Show me order {oid}.",
    "Look up order {oid} for me.",
    "What's the status of order {oid}?",
    "Can you pull up {oid}?",
    "Remind me what I bought in {oid}.",
    "Check order {oid}; I want to be sure it's right for {event}.",
    "Give me the details of order {oid}.",
    "What did {oid} come to?",
    "Confirm what's in order {oid}, please.",
    "Show me {oid} so I can check it before {day}.",
    "Pull up the details of {oid}.",
];

/// Ask about the first of two orders (holes of the script, see `cart_script`).
pub(crate) const FIRST_ORDER: [&str; 12] = [
    "What was in my first order?",
    "Remind me what the first order contained.",
    "Show me the first order again.",
    "What did I buy in the earlier order?",
    "Pull up my first order.",
    "Look up the order I placed first; is it all there for {event}?",
    "What's in the first of my two orders?",
    "Can you show the details of my first order?",
    "How much did the first order cost?",
    "Go back to my first order and show it to me.",
    "Check the earlier order for me before {day}.",
    "What did the first of those orders come to?",
];

/// Look at a cart that already holds items (a first turn, after a context sentence).
pub(crate) const VIEW_FIRST: [&str; 12] = [
    "What's in my cart right now?",
    "Can you show me my cart?",
    "I left some things in my cart earlier. What are they?",
    "Remind me what's in my basket.",
    "What did I already put in my cart?",
    "Let me see my cart first.",
    "Open my cart, please.",
    "Show me what's in the cart and the total.",
    "What have I got in the cart so far?",
    "Check my cart for me.",
    "What's waiting in my cart?",
    "Show me the cart I started.",
];

/// A context sentence (holes `person`, `event`, `day`).
pub(crate) const CONTEXT: [&str; 12] = [
    "I'm {person}, shopping for {event}.",
    "{person} here, getting ready for {event}.",
    "I'm stocking up for {event}.",
    "We're having {event} on {day}.",
    "It's {person}; I'm doing the shopping for {event}.",
    "Shopping for {event} today.",
    "I'm planning {event} for {day}.",
    "{person} again: I want my order done before {day}.",
    "I'm getting groceries for {event} this {day}.",
    "Hi, it's {person}. I need a few things for {event}.",
    "I'm preparing {event} and need supplies.",
    "{person} here, finishing the shopping before {day}.",
];

/// A remark after a later turn (holes of the script).
pub(crate) const ASIDES: [&str; 12] = [
    "It's all for {event}.",
    "I need everything by {day}.",
    "Remember, {event} is coming up fast.",
    "Thanks for the help, by the way.",
    "We're expecting everyone on {day}.",
    "This is the last bit of shopping for {event}.",
    "I'm trying to stay on budget for {event}.",
    "Sorry for the back and forth.",
    "Delivery before {day} would be ideal.",
    "I'm almost done, promise.",
    "Let's keep it quick; I'm out on {day}.",
    "My family is counting on me for {event}.",
];

/// Where a coupon came from.
pub(crate) const SOURCES: [&str; 10] = [
    "the newsletter",
    "my loyalty card",
    "last week's receipt",
    "the welcome email",
    "a friend",
    "the app",
    "a flyer",
    "the back of a cereal box",
    "your text message",
    "a magazine",
];

/// Add `{items}` too (after another request in the same turn).
pub(crate) const ALSO_ADD: [&str; 8] = [
    "Also add {items}.",
    "And put {items} in too.",
    "Add {items} while you're at it.",
    "Oh, and {items} as well.",
    "Throw in {items} too.",
    "Plus {items}, please.",
    "I also need {items}.",
    "And add {items}.",
];

/// What a shopper shops for.
pub(crate) const EVENTS: [&str; 12] = [
    "a birthday party",
    "a barbecue",
    "a camping trip",
    "the holidays",
    "a family dinner",
    "a picnic",
    "a brunch",
    "the office party",
    "weekend guests",
    "a game night",
    "a week of meals",
    "a road trip",
];

/// Search the catalog for `{query}`.
pub(crate) const SEARCH: [&str; 16] = [
    "Do you have anything for '{query}'?",
    "What do you sell under '{query}'?",
    "Search the shop for '{query}'.",
    "Show me what you have for '{query}'.",
    "Which products match '{query}'?",
    "Look up '{query}' in the catalog.",
    "I'm looking for '{query}'. What's there?",
    "Find the '{query}' items for me.",
    "List the products matching '{query}', please.",
    "Anything for '{query}' in the shop?",
    "What are my options for '{query}'?",
    "Run a product search for '{query}'.",
    "For {event} I need '{query}' things. What do you have?",
    "Search the catalog for '{query}' and show me the prices.",
    "What could I buy for {event} under '{query}'?",
    "Search '{query}' for me; I'm shopping for {event}.",
];

/// Add `{n}` of the cheapest product found.
pub(crate) const CHEAPEST: [&str; 8] = [
    "Add {n} of the cheapest one.",
    "Put {n} of the least expensive option in my cart.",
    "I'll take {n} of whichever is cheapest.",
    "Give me {n} of the lowest-priced one.",
    "Go with the cheapest and add {n}.",
    "Add {n} of the one with the lowest price.",
    "The cheapest of those, please: {n}.",
    "I'm on a budget: {n} of the cheapest.",
];

/// Add `{n}` of the dearest product found.
pub(crate) const DEAREST: [&str; 8] = [
    "Add {n} of the most expensive one.",
    "Put {n} of the priciest option in my cart.",
    "I'll take {n} of whichever costs the most.",
    "Give me {n} of the highest-priced one.",
    "Go with the most expensive and add {n}.",
    "Add {n} of the one with the highest price.",
    "The premium one, please: {n} of the most expensive.",
    "Treat myself: {n} of the priciest.",
];

/// Ask how many units of `{name}` (`{many}`) are in stock.
pub(crate) const STOCK_Q: [&str; 12] = [
    "How many {many} do you have left?",
    "Is there any {name} in stock? How much?",
    "How much {name} is left in stock?",
    "Check the stock of {name} for me.",
    "Do you still have {name}? How many?",
    "What's the stock level for {name}?",
    "How many units of {name} are available?",
    "Look up how much {name} you have.",
    "I need {many} for {event}. How many are in stock?",
    "Before {day}, I want to know how much {name} you have left.",
    "Are you running low on {name}? How many are left?",
    "Tell me how many {many} are still available.",
];

/// Add every unit left.
pub(crate) const ALL_OF_THEM: [&str; 12] = [
    "Add all of them to my cart.",
    "I'll take every one you have.",
    "Put all the remaining ones in my cart.",
    "Then add all of them, please.",
    "Add the whole stock to my cart; I need them for {event}.",
    "Give me all that's left.",
    "I want them all; add them.",
    "Buy up the rest: add them all to the cart.",
    "Put every last one in the cart.",
    "All of them, please; it's for {event}.",
    "Add the remaining stock to my cart.",
    "I'll have all you've got.",
];

/// Ask again about the stock of `{name}`.
pub(crate) const LEFT_NOW: [&str; 8] = [
    "Is there any {name} left now?",
    "How much {name} is left now?",
    "Check the {name} stock again.",
    "Anything left of the {name}?",
    "What does the {name} stock look like now?",
    "Look up the {name} again.",
    "Is the {name} sold out now?",
    "How many units of {name} remain?",
];

/// Add `{items}` and check out in one turn.
pub(crate) const ADD_CHECKOUT: [&str; 8] = [
    "Order {items} and check out right away.",
    "Buy {items}: add them and place the order.",
    "I need {items}. Add them and check out.",
    "Please add {items} to the cart and then check out.",
    "Put {items} in the cart and complete the purchase.",
    "Get me {items} and place the order straight away.",
    "Add {items}, then check out.",
    "Quick order: {items}. Check out when they're in.",
];

/// A second order of `{items}`, checked out.
pub(crate) const SECOND_ORDER: [&str; 8] = [
    "Now a second order: {items}. Check out again.",
    "Another order, please: {items}, then check out.",
    "I forgot some things. Add {items} and check out again.",
    "Place a separate order for {items}.",
    "Next order: {items}. Add them and pay.",
    "One more order with {items}, checked out right away.",
    "Start a new order: {items}, and check out.",
    "Also order {items}, as a second purchase.",
];
