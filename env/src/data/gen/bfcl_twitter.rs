//! `TwitterAPI` scripts (`posting_api`): a drawn account with tweets of several users, and
//! turns on the tweets they post or find (post a tweet, comment on it, mention users in it or
//! retweet it; search for a keyword, retweet what it found, follow its author; list whom I
//! follow, swap one follow for another, show my stats; read a user's tweets, comment on the
//! latest, show its comments).
//!
//! A new tweet takes its id from `tweet_counter`, as the class does, so the world knows "the
//! tweet you just posted". The scenario never holds comments (the class keys loaded comments
//! by string and new ones by integer, so loaded ones would be invisible). When the account is
//! not authenticated, the first turn that needs it gives the credentials and starts with
//! `authenticate_twitter`.

use serde_json::{Map, Value, json};

use super::Split;
use super::bfcl_script::{
    Class, Login, Script, Step, call, call0, introduced, login_once, say, with_login,
};
use super::bfcl_ticket::{password, username};
use super::phrasing::and_list;
use super::pools;
use super::rng::Rng;
use crate::spec::ToolCall;

/// One tweet.
#[derive(Debug, Clone)]
struct Tweet {
    id: i64,
    username: String,
    content: String,
    tags: Vec<String>,
}

/// A `TwitterAPI` world.
#[derive(Debug, Clone)]
pub(crate) struct Twitter {
    user: String,
    password: String,
    authenticated: bool,
    tweets: Vec<Tweet>,
    following: Vec<String>,
    counter: i64,
}

const TAGS: [&str; 16] = [
    "#travel",
    "#devlife",
    "#weekend",
    "#foodie",
    "#books",
    "#fitness",
    "#news",
    "#music",
    "#startup",
    "#photography",
    "#coffee",
    "#garden",
    "#learning",
    "#teamwork",
    "#launch",
    "#community",
];

/// A tweet's text (no hashtags) and 1-2 tags.
pub(crate) fn post_text(rng: &mut Rng) -> (String, Vec<String>) {
    let thing = *rng.pick(&pools::THINGS);
    let place = *rng.pick(&pools::PLACES);
    let who = *rng.pick(&pools::PEOPLE);
    let city = *rng.pick(&pools::CITIES);
    let day = *rng.pick(&pools::WEEKDAYS);
    let project = *rng.pick(&pools::PROJECTS);
    let content = match rng.below(8) {
        0 => format!("Loving my new {thing}!"),
        1 => format!("Great {day} at the {place} with {who}."),
        2 => format!("Off to {city} next week, any tips?"),
        3 => format!("The {project} launch went live today."),
        4 => format!("Reading at the {place} all afternoon."),
        5 => format!("Coffee, code and the {project} project."),
        6 => format!("Just got back from {city}, what a trip."),
        _ => format!("Lost my {thing} at the {place} again."),
    };
    let k = 1 + rng.below(2);
    let tags = rng.sample(&TAGS, k);
    (content, tags.into_iter().map(String::from).collect())
}

/// A short comment.
pub(crate) fn comment_text(rng: &mut Rng) -> String {
    let who = *rng.pick(&pools::PEOPLE);
    let city = *rng.pick(&pools::CITIES);
    let project = *rng.pick(&pools::PROJECTS);
    match rng.below(6) {
        0 => "Great point!".to_string(),
        1 => format!("Can't wait for the {project} launch!"),
        2 => format!("Congrats, {who}!"),
        3 => format!("Totally agree about {city}."),
        4 => format!("Count me in for {city}!"),
        _ => format!("Thanks for sharing, {who}."),
    }
}

impl Twitter {
    /// An account following 1-3 users, and 3-6 tweets by 2-4 users (the account included).
    pub(crate) fn draw(rng: &mut Rng) -> Self {
        let user = username(rng);
        let mut others: Vec<String> = Vec::new();
        let wanted = 3 + rng.below(2);
        while others.len() < wanted {
            let u = username(rng);
            if u != user && !others.contains(&u) {
                others.push(u);
            }
        }
        let k = 1 + rng.below(3);
        let following = rng.sample(&others, k);
        let n = 3 + rng.below(4);
        let tweets = (0..n)
            .map(|i| {
                let author = if i == 0 || rng.chance(0.2) {
                    user.clone()
                } else {
                    rng.pick(&others).clone()
                };
                let (content, tags) = post_text(rng);
                Tweet {
                    id: i as i64,
                    username: author,
                    content,
                    tags,
                }
            })
            .collect();
        Self {
            user,
            password: password(rng),
            authenticated: rng.chance(0.5),
            tweets,
            following,
            counter: n as i64 + rng.range(0, 2),
        }
    }

    /// The scenario `_load_scenario` takes.
    pub(crate) fn scenario(&self) -> Value {
        let mut tweets = Map::new();
        for t in &self.tweets {
            tweets.insert(
                t.id.to_string(),
                json!({"id": t.id, "username": t.username, "content": t.content,
                       "tags": t.tags, "mentions": []}),
            );
        }
        json!({
            "username": self.user, "password": self.password,
            "authenticated": self.authenticated, "tweets": tweets, "comments": {},
            "retweets": {}, "following_list": self.following, "tweet_counter": self.counter,
        })
    }

    /// The credentials sentence and `authenticate_twitter` call when not authenticated.
    pub(crate) fn login(&mut self, rng: &mut Rng, split: Split) -> (Option<String>, Vec<ToolCall>) {
        login_once(
            rng,
            split,
            &LOGIN,
            "authenticate_twitter",
            Login {
                logged_in: &mut self.authenticated,
                user: &self.user,
                password: &self.password,
            },
        )
    }

    /// `post_tweet` (the new tweet's id is the counter).
    pub(crate) fn post(
        &mut self,
        content: &str,
        tags: &[String],
        mentions: &[String],
    ) -> (i64, ToolCall) {
        let id = self.counter;
        self.counter += 1;
        self.tweets.push(Tweet {
            id,
            username: self.user.clone(),
            content: content.to_string(),
            tags: tags.to_vec(),
        });
        let c = call(
            "post_tweet",
            json!({"content": content, "tags": tags, "mentions": mentions}),
        );
        (id, c)
    }

    /// Another user's tweet with a word no other tweet has (in its text or tags).
    fn unique_word(&self, rng: &mut Rng) -> Option<(Tweet, String)> {
        let mut options = Vec::new();
        for t in self.tweets.iter().filter(|t| t.username != self.user) {
            for w in t.content.split_whitespace() {
                let w = w.trim_end_matches(['.', ',', '!', '?']);
                if w.len() < 4 || !w.chars().all(char::is_alphabetic) {
                    continue;
                }
                let lw = w.to_lowercase();
                let hits = self.tweets.iter().filter(|x| {
                    x.content.to_lowercase().contains(&lw)
                        || x.tags.iter().any(|g| g.to_lowercase() == lw)
                });
                if hits.count() == 1 {
                    options.push((t.clone(), w.to_string()));
                }
            }
        }
        (!options.is_empty()).then(|| rng.pick(&options).clone())
    }
}

/// A script on one drawn account.
pub(crate) fn script(rng: &mut Rng, split: Split) -> Script {
    let mut world = Twitter::draw(rng);
    let scenario = world.scenario();
    let steps = match rng.below(4) {
        0 => post_engage(rng, split, &mut world),
        1 => match world.unique_word(rng) {
            Some((tweet, word)) => search_retweet(rng, split, &mut world, tweet, &word),
            None => swap_follow(rng, split, &mut world),
        },
        2 => swap_follow(rng, split, &mut world),
        _ => comment_latest(rng, split, &mut world),
    };
    Script {
        worlds: vec![(Class::Twitter, scenario)],
        steps,
    }
}

fn post_engage(rng: &mut Rng, split: Split, w: &mut Twitter) -> Vec<Step> {
    let (login, mut calls) = w.login(rng, split);
    let (content, tags) = post_text(rng);
    let mentions: Vec<String> = if rng.chance(0.4) {
        vec![format!("@{}", rng.pick(&w.following))]
    } else {
        Vec::new()
    };
    let (id, post) = w.post(&content, &tags, &mentions);
    calls.push(post);
    let comment = comment_text(rng);
    let users = rng.sample(&w.following, 2);
    let (t, m, u) = (and_list(&tags), mentions.join(""), and_list(&users));
    let v = [
        ("content", content.as_str()),
        ("tags", &t),
        ("m", &m),
        ("comment", &comment),
        ("users", &u),
    ];
    let list: &[&str] = if mentions.is_empty() {
        &POST
    } else {
        &POST_MENTION
    };
    let text = say(rng, list, split, &v);
    let c = call(
        "comment",
        json!({"tweet_id": id, "comment_content": comment}),
    );
    let mut steps = vec![
        Step::new(with_login(rng, login, text), calls),
        Step::new(say(rng, &COMMENT_OWN, split, &v), vec![c]),
    ];
    if rng.chance(0.5) {
        let c = call(
            "mention",
            json!({"tweet_id": id, "mentioned_usernames": users}),
        );
        steps.push(Step::new(say(rng, &MENTION_OWN, split, &v), vec![c]));
    } else {
        let c = call("retweet", json!({"tweet_id": id}));
        steps.push(Step::new(say(rng, &RETWEET_OWN, split, &v), vec![c]));
    }
    steps
}

fn search_retweet(
    rng: &mut Rng,
    split: Split,
    w: &mut Twitter,
    tweet: Tweet,
    kw: &str,
) -> Vec<Step> {
    let comment = comment_text(rng);
    let v = [("kw", kw), ("comment", comment.as_str())];
    let search = call("search_tweets", json!({"keyword": kw}));
    let (login, mut calls) = w.login(rng, split);
    calls.push(call("retweet", json!({"tweet_id": tweet.id})));
    let text = say(rng, &RETWEET_FOUND, split, &v);
    let mut steps = vec![
        Step::new(say(rng, &SEARCH, split, &v), vec![search]),
        Step::new(with_login(rng, login, text), calls),
    ];
    if !w.following.contains(&tweet.username) {
        w.following.push(tweet.username.clone());
        let c = call("follow_user", json!({"username_to_follow": tweet.username}));
        steps.push(Step::new(say(rng, &FOLLOW_AUTHOR, split, &v), vec![c]));
    }
    if steps.len() == 2 || rng.chance(0.4) {
        let c = call(
            "comment",
            json!({"tweet_id": tweet.id, "comment_content": comment}),
        );
        steps.push(Step::new(say(rng, &COMMENT_FOUND, split, &v), vec![c]));
    }
    steps
}

fn swap_follow(rng: &mut Rng, split: Split, w: &mut Twitter) -> Vec<Step> {
    let (login, mut calls) = w.login(rng, split);
    calls.push(call0("list_all_following"));
    let old = rng.pick(&w.following).clone();
    let mut new = username(rng);
    while new == w.user || w.following.contains(&new) {
        new = username(rng);
    }
    let v = [("old", old.as_str()), ("new", &new), ("user", &w.user)];
    let text = say(rng, &LIST_FOLLOWING, split, &v);
    let swap = vec![
        call("unfollow_user", json!({"username_to_unfollow": old})),
        call("follow_user", json!({"username_to_follow": new})),
    ];
    let text = with_login(rng, login, text);
    let text = introduced(rng, split, &w.user, text);
    let mut steps = vec![
        Step::new(text, calls),
        Step::new(say(rng, &SWAP_FOLLOW, split, &v), swap),
    ];
    if rng.chance(0.7) {
        let c = call("get_user_stats", json!({"username": w.user}));
        steps.push(Step::new(say(rng, &STATS, split, &v), vec![c]));
    }
    steps
}

fn comment_latest(rng: &mut Rng, split: Split, w: &mut Twitter) -> Vec<Step> {
    let authors: Vec<String> = w
        .tweets
        .iter()
        .filter(|t| t.username != w.user)
        .map(|t| t.username.clone())
        .collect();
    if authors.is_empty() {
        return post_engage(rng, split, w);
    }
    let author = rng.pick(&authors).clone();
    let latest = w
        .tweets
        .iter()
        .filter(|t| t.username == author)
        .map(|t| t.id)
        .max()
        .unwrap_or_default();
    let comment = comment_text(rng);
    let v = [("author", author.as_str()), ("comment", &comment)];
    let get = call("get_user_tweets", json!({"username": author}));
    let (login, mut calls) = w.login(rng, split);
    calls.push(call(
        "comment",
        json!({"tweet_id": latest, "comment_content": comment}),
    ));
    let text = say(rng, &COMMENT_LATEST, split, &v);
    let mut steps = vec![
        Step::new(say(rng, &USER_TWEETS, split, &v), vec![get]),
        Step::new(with_login(rng, login, text), calls),
    ];
    if rng.chance(0.7) {
        let c = call("get_tweet_comments", json!({"tweet_id": latest}));
        steps.push(Step::new(say(rng, &SHOW_COMMENTS, split, &v), vec![c]));
    }
    steps
}

const LOGIN: [&str; 8] = [
    "My Twitter username is {user} and the password is {password}, in case you need to log in.",
    "You'll have to authenticate first: username {user}, password {password}.",
    "Log in to Twitter as {user} (password {password}) first.",
    "Here are my Twitter credentials: {user} / {password}.",
    "Sign in with username {user} and password {password} before doing that.",
    "Authenticate me on Twitter as {user}, password {password}.",
    "If you need to sign in to Twitter, I'm {user} and my password is {password}.",
    "Use my Twitter account {user} with password {password}.",
];
const POST: [&str; 12] = [
    "Post a tweet saying '{content}' with the tags {tags}.",
    "Tweet '{content}' and tag it {tags}.",
    "Please share this on Twitter: '{content}'. Add the tags {tags}.",
    "Can you post '{content}' for me, tagged {tags}?",
    "Publish a tweet: '{content}' (tags: {tags}).",
    "I want to tweet '{content}' using the tags {tags}.",
    "Send out a tweet reading '{content}', tagged with {tags}.",
    "Put '{content}' on my Twitter with {tags} as tags.",
    "Compose and post a tweet, '{content}', with the hashtags {tags}.",
    "Tweet this with the tags {tags}: '{content}'",
    "Let's post '{content}' on Twitter, tagged {tags}.",
    "Write a tweet that says '{content}' and add the tags {tags}.",
];
const POST_MENTION: [&str; 8] = [
    "Post a tweet saying '{content}' with the tags {tags}, mentioning {m}.",
    "Tweet '{content}', tag it {tags} and mention {m}.",
    "Please share '{content}' on Twitter with the tags {tags} and a mention of {m}.",
    "Can you post '{content}' for me? Tags: {tags}. Mention: {m}.",
    "Publish '{content}' as a tweet tagged {tags} that mentions {m}.",
    "I want to tweet '{content}' with {tags} as tags and {m} mentioned.",
    "Send out a tweet reading '{content}', tagged {tags}, mentioning {m}.",
    "Tweet '{content}' with the hashtags {tags}, and mention {m} in it.",
];
pub(crate) const COMMENT_OWN: [&str; 8] = [
    "Now comment '{comment}' on that tweet.",
    "Add a comment to your new tweet: '{comment}'",
    "Reply to the tweet you just posted with '{comment}'",
    "Leave the comment '{comment}' under it.",
    "Comment on the new tweet saying '{comment}'",
    "Post '{comment}' as a comment on that tweet.",
    "Under the tweet you just sent, comment '{comment}'",
    "Please add '{comment}' as a comment on it.",
];
const MENTION_OWN: [&str; 8] = [
    "Also mention the users {users} in that tweet.",
    "Mention {users} in the tweet you just posted.",
    "Tag the users {users} in it as mentions.",
    "Add mentions of the users {users} to the new tweet.",
    "Please mention the users {users} in that post.",
    "Can you mention the accounts {users} in the tweet?",
    "Include the users {users} as mentions on that tweet.",
    "Let's mention the users {users} in it too.",
];
pub(crate) const RETWEET_OWN: [&str; 8] = [
    "Retweet it as well.",
    "Now retweet that tweet.",
    "Please retweet your new post.",
    "Give it a retweet too.",
    "Share it again with a retweet.",
    "Retweet the tweet you just posted.",
    "Boost it: retweet it.",
    "Go ahead and retweet that one.",
];
const SEARCH: [&str; 12] = [
    "Find tweets that mention '{kw}'.",
    "Search Twitter for '{kw}'.",
    "Are there any tweets about '{kw}'?",
    "Look up tweets containing the word '{kw}'.",
    "Show me tweets with '{kw}' in them.",
    "Can you search for tweets about '{kw}'?",
    "I remember a tweet about '{kw}'. Find it.",
    "What tweets talk about '{kw}'?",
    "Run a tweet search for '{kw}'.",
    "Search for posts mentioning '{kw}'.",
    "Dig up the tweets that include '{kw}'.",
    "Check Twitter for anything about '{kw}'.",
];
const RETWEET_FOUND: [&str; 8] = [
    "Retweet that one.",
    "Please retweet the tweet you found.",
    "Share it with a retweet.",
    "Retweet it for me.",
    "Go ahead and retweet that tweet.",
    "I like it; retweet it.",
    "Boost that tweet with a retweet.",
    "Retweet the post you just found.",
];
const FOLLOW_AUTHOR: [&str; 8] = [
    "Also follow the person who wrote it.",
    "Follow its author, please.",
    "Start following whoever posted it.",
    "Follow the account behind that tweet.",
    "Add its author to the accounts I follow.",
    "I want to follow the user who tweeted that.",
    "Follow the tweet's author too.",
    "Please follow the user who posted that tweet.",
];
const COMMENT_FOUND: [&str; 8] = [
    "Leave a comment on it: '{comment}'",
    "Comment '{comment}' on that tweet.",
    "Reply to it with '{comment}'",
    "Post the comment '{comment}' under it.",
    "Add '{comment}' as a comment.",
    "Write '{comment}' as a comment on the tweet.",
    "Respond to it with the comment '{comment}'",
    "Comment on it saying '{comment}'",
];
const LIST_FOLLOWING: [&str; 12] = [
    "Who am I following on Twitter?",
    "List all the accounts I follow.",
    "Show me my following list.",
    "Which users do I follow?",
    "Give me the list of people I'm following.",
    "Pull up everyone I follow on Twitter.",
    "Can you list the accounts I'm following?",
    "What's on my following list right now?",
    "Check who I follow.",
    "Let me see the users I'm following.",
    "Display my Twitter following.",
    "Tell me which accounts I follow.",
];
const SWAP_FOLLOW: [&str; 8] = [
    "Unfollow {old} and follow {new} instead.",
    "Stop following {old}, and start following {new}.",
    "Please unfollow {old}. Then follow {new}.",
    "Swap {old} for {new} in my follows: unfollow the first, follow the second.",
    "Drop {old} from my following and add {new}.",
    "I'm done with {old}; unfollow them and follow {new}.",
    "Unfollow {old}, then follow {new}.",
    "Replace {old} with {new}: unfollow and follow.",
];
const STATS: [&str; 8] = [
    "Now show me the stats of my account, {user}.",
    "How many accounts am I following now? Get the user stats for {user}.",
    "Pull up the stats for my account, {user}.",
    "What are my Twitter statistics now? My handle is {user}.",
    "Get the user stats for {user}.",
    "Show the tweet, following and retweet counts of {user}, my account.",
    "Let me see the numbers for my profile ({user}).",
    "Check the user statistics of {user} (that's me).",
];
const USER_TWEETS: [&str; 12] = [
    "Show me {author}'s tweets.",
    "What has {author} been tweeting?",
    "List all the tweets by {author}.",
    "Pull up the tweets from {author}.",
    "Get every tweet {author} has posted.",
    "Can I see what {author} tweeted?",
    "Find the tweets of the user {author}.",
    "Look up {author}'s posts.",
    "Let me read {author}'s tweets.",
    "Fetch the tweets written by {author}.",
    "I want to see all of {author}'s tweets.",
    "Which tweets has {author} posted?",
];
const COMMENT_LATEST: [&str; 8] = [
    "Comment '{comment}' on their most recent tweet.",
    "Reply to the latest one with '{comment}'",
    "Leave '{comment}' as a comment on their newest tweet.",
    "On the most recent of those, comment '{comment}'",
    "Add a comment to their latest tweet: '{comment}'",
    "Post '{comment}' under the newest tweet of theirs.",
    "Comment on the last tweet they posted, saying '{comment}'",
    "Write '{comment}' as a comment on their latest post.",
];
const SHOW_COMMENTS: [&str; 8] = [
    "Now show me the comments on that tweet.",
    "What comments does it have now?",
    "List the comments on that tweet.",
    "Pull up the comments under it.",
    "Show every comment on the tweet.",
    "Let me see the comments on that post.",
    "Get the comments for that tweet.",
    "Which comments are on it now?",
];
