//! Tool `posting_api` (stateful, world `session-tool`): BFCL's `TwitterAPI` (posting, following,
//! comments), written in Rust to behave as the official Python class does (results, error
//! texts, exceptions, state). Replayed against traces of the Python class in `traces.jsonl`
//! (see [`tz_tool_common::bfcl::trace`]); `spec.json` is BFCL's function docs for the class.
//!
//! State (the public attributes BFCL compares): `username`, `password`, `authenticated`,
//! `tweets` (a dict from int ids to tweet dicts: a scenario's string keys go through `int()`
//! on load), `comments` (keys as given: a scenario's stay strings, so an int `tweet_id` never
//! finds them, exactly as in Python), `retweets`, `following_list`, `tweet_counter`. Values
//! are kept as the Python values they are, since a scenario may give any keys.
//!
//! `post_tweet` without `mentions` stores Python's mutable default argument `[]` itself, so
//! every such tweet shares one list and `mention` on any of them extends all of them (and the
//! default of later posts). That sharing is reproduced within one instance.
//!
//! Differences from the Python class:
//! * Python's default list belongs to the process, so a `mention` in one BFCL entry leaks into
//!   the tweets of every later entry run in the same process; here it belongs to the instance
//!   (as if each episode ran in a fresh process).
//! * `load` refuses a scenario whose `tweets`, `comments` or `retweets` is not a dict or whose
//!   `following_list` is not a list, or whose tweet ids are not 64-bit ints (Python would
//!   raise on some of these only later).
//! * An `int` `tweet_counter` past 64 bits raises an overflow error instead of growing.
#![warn(missing_docs)]

use tz_tool_common::bfcl::pyops::{Op, append, augmented, bind, contains, dict_set, hashable};
use tz_tool_common::bfcl::pyops::{item, item_mut, iterate, len, lower, position, to_int};
use tz_tool_common::bfcl::pyops::{no_attribute, optional, required, type_name};
use tz_tool_common::bfcl::{ApiClass, no_method};
use tz_tool_common::py::{PyVal, py_str};

/// The functions, as BFCL documents them (`multi_turn_func_doc/posting_api.json`).
pub const SPEC: &str = include_str!("../spec.json");

tz_tool_common::bfcl_component!(crate::TwitterApi, crate::SPEC);
tz_tool_common::bfcl_class_tests!(crate::TwitterApi, traces >= 80, calls >= 245);

/// BFCL's `TwitterAPI`.
#[derive(Debug, Clone)]
pub struct TwitterApi {
    username: PyVal,
    password: PyVal,
    authenticated: PyVal,
    /// `tweets`: (id, tweet) in insertion order.
    tweets: Vec<(PyVal, PyVal)>,
    /// `comments`: (tweet id, list of comments).
    comments: Vec<(PyVal, PyVal)>,
    /// `retweets`: (username, list of tweet ids).
    retweets: Vec<(PyVal, PyVal)>,
    following_list: Vec<PyVal>,
    tweet_counter: PyVal,
    /// The contents of `post_tweet`'s default `mentions` list (see the module docs).
    default_mentions: Vec<PyVal>,
    /// The ids of the tweets whose `mentions` is that default list.
    sharing_default: Vec<PyVal>,
}

/// `scenario[key]` as a dict's items, or the default; `Err` if it is not a dict.
fn dict_field(
    scenario: &PyVal,
    key: &str,
    default: Vec<(PyVal, PyVal)>,
) -> Result<Vec<(PyVal, PyVal)>, String> {
    match scenario.get(key) {
        None => Ok(default),
        Some(PyVal::Dict(items)) => Ok(items.clone()),
        Some(other) => Err(format!(
            "TwitterAPI scenario: `{key}` must be a dict, not {}",
            type_name(other)
        )),
    }
}

fn not_authenticated(action: &str) -> PyVal {
    PyVal::error(format!(
        "User not authenticated. Please authenticate before {action}."
    ))
}

fn not_found(tweet_id: &PyVal) -> PyVal {
    PyVal::error(format!("Tweet with ID {} not found.", py_str(tweet_id)))
}

impl TwitterApi {
    fn authenticate(&mut self, username: PyVal, password: PyVal) -> PyVal {
        let ok = username.py_eq(&self.username) && password.py_eq(&self.password);
        if ok {
            self.authenticated = PyVal::Bool(true);
        }
        PyVal::one("authentication_status", PyVal::Bool(ok))
    }

    /// `post_tweet`; `mentions` is `None` when the caller left Python's default.
    fn post_tweet(
        &mut self,
        content: PyVal,
        tags: PyVal,
        mentions: Option<PyVal>,
    ) -> Result<PyVal, String> {
        if !self.authenticated.truthy() {
            return Ok(not_authenticated("posting"));
        }
        let uses_default = mentions.is_none();
        let mentions = mentions.unwrap_or_else(|| PyVal::List(self.default_mentions.clone()));
        let key = self.tweet_counter.clone();
        hashable(&key)?;
        let tweet = PyVal::dict([
            ("id", key.clone()),
            ("username", self.username.clone()),
            ("content", content),
            ("tags", tags),
            ("mentions", mentions),
        ]);
        self.sharing_default.retain(|k| !k.py_eq(&key));
        if uses_default {
            self.sharing_default.push(key.clone());
        }
        dict_set(&mut self.tweets, key, tweet.clone())?;
        self.tweet_counter = augmented(&self.tweet_counter, Op::Add, &PyVal::Int(1))?;
        Ok(tweet)
    }

    fn retweet(&mut self, id: PyVal) -> Result<PyVal, String> {
        if !self.authenticated.truthy() {
            return Ok(not_authenticated("retweeting"));
        }
        if position(&self.tweets, &id)?.is_none() {
            return Ok(not_found(&id));
        }
        let slot = match position(&self.retweets, &self.username)? {
            Some(i) => i,
            None => {
                self.retweets
                    .push((self.username.clone(), PyVal::List(Vec::new())));
                self.retweets.len() - 1
            }
        };
        let list = &mut self.retweets[slot].1;
        if contains(list, &id)? {
            return Ok(PyVal::one(
                "retweet_status",
                PyVal::str("Already retweeted"),
            ));
        }
        append(list, id)?;
        Ok(PyVal::one(
            "retweet_status",
            PyVal::str("Successfully retweeted"),
        ))
    }

    fn comment(&mut self, id: PyVal, content: PyVal) -> Result<PyVal, String> {
        if !self.authenticated.truthy() {
            return Ok(not_authenticated("commenting"));
        }
        if position(&self.tweets, &id)?.is_none() {
            return Ok(not_found(&id));
        }
        let slot = match position(&self.comments, &id)? {
            Some(i) => i,
            None => {
                self.comments.push((id, PyVal::List(Vec::new())));
                self.comments.len() - 1
            }
        };
        let comment = PyVal::dict([("username", self.username.clone()), ("content", content)]);
        append(&mut self.comments[slot].1, comment)?;
        Ok(PyVal::one(
            "comment_status",
            PyVal::str("Comment added successfully"),
        ))
    }

    fn mention(&mut self, id: PyVal, names: PyVal) -> Result<PyVal, String> {
        let Some(i) = position(&self.tweets, &id)? else {
            return Ok(not_found(&id));
        };
        let key = self.tweets[i].0.clone();
        if self.sharing_default.iter().any(|k| k.py_eq(&key)) {
            self.default_mentions.extend(iterate(&names)?);
            for shared in &self.sharing_default {
                if let Some(j) = position(&self.tweets, shared)? {
                    self.tweets[j]
                        .1
                        .set("mentions", PyVal::List(self.default_mentions.clone()));
                }
            }
        } else {
            let mentions = item_mut(&mut self.tweets[i].1, "mentions")?;
            let PyVal::List(list) = mentions else {
                return Err(no_attribute(mentions, "extend"));
            };
            list.extend(iterate(&names)?);
        }
        Ok(PyVal::one(
            "mention_status",
            PyVal::str("Users mentioned successfully"),
        ))
    }

    /// `follow_user` (`follow`) or `unfollow_user`.
    fn follow(&mut self, user: PyVal, follow: bool) -> PyVal {
        let (action, key) = if follow {
            ("following", "follow_status")
        } else {
            ("unfollowing", "unfollow_status")
        };
        if !self.authenticated.truthy() {
            return not_authenticated(action);
        }
        let at = self.following_list.iter().position(|u| u.py_eq(&user));
        let changed = match (follow, at) {
            (true, Some(_)) | (false, None) => false,
            (true, None) => {
                self.following_list.push(user);
                true
            }
            (false, Some(i)) => {
                self.following_list.remove(i);
                true
            }
        };
        PyVal::one(key, PyVal::Bool(changed))
    }

    /// The tweets (in order) whose `username` equals `username`.
    fn tweets_of(&self, username: &PyVal) -> Result<Vec<PyVal>, String> {
        let mut out = Vec::new();
        for (_, tweet) in &self.tweets {
            if item(tweet, "username")?.py_eq(username) {
                out.push(tweet.clone());
            }
        }
        Ok(out)
    }

    fn search_tweets(&self, keyword: &PyVal) -> Result<PyVal, String> {
        let mut out = Vec::new();
        for (_, tweet) in &self.tweets {
            let keyword = lower(keyword)?;
            let mut hit = lower(item(tweet, "content")?)?.contains(&keyword);
            if !hit {
                let mut tags = Vec::new();
                for tag in iterate(item(tweet, "tags")?)? {
                    tags.push(lower(&tag)?);
                }
                hit = tags.contains(&keyword);
            }
            if hit {
                out.push(tweet.clone());
            }
        }
        Ok(PyVal::List(out))
    }

    fn get_tweet_comments(&self, id: &PyVal) -> Result<PyVal, String> {
        if position(&self.tweets, id)?.is_none() {
            return Ok(not_found(id));
        }
        Ok(match position(&self.comments, id)? {
            Some(i) => self.comments[i].1.clone(),
            None => PyVal::List(Vec::new()),
        })
    }

    fn get_user_stats(&self, user: &PyVal) -> Result<PyVal, String> {
        let count = |n: usize| PyVal::Int(i64::try_from(n).unwrap_or(i64::MAX));
        let tweet_count = count(self.tweets_of(user)?.len());
        let following_count = if user.py_eq(&self.username) {
            count(self.following_list.len())
        } else {
            PyVal::Int(0)
        };
        let retweet_count = match position(&self.retweets, user)? {
            Some(i) => PyVal::Int(len(&self.retweets[i].1)?),
            None => PyVal::Int(0),
        };
        Ok(PyVal::dict([
            ("tweet_count", tweet_count),
            ("following_count", following_count),
            ("retweet_count", retweet_count),
        ]))
    }
}

impl ApiClass for TwitterApi {
    const CLASS: &'static str = "TwitterAPI";

    fn load(scenario: &PyVal, _long_context: bool) -> Result<Self, String> {
        let get = |key: &str, default: PyVal| scenario.get_or(key, default);
        let mut tweets = Vec::new();
        for (key, tweet) in dict_field(scenario, "tweets", Vec::new())? {
            dict_set(&mut tweets, PyVal::Int(to_int(&key)?), tweet)?;
        }
        let following_list = match get("following_list", PyVal::strs(["alice", "bob"])) {
            PyVal::List(items) => items,
            other => {
                return Err(format!(
                    "TwitterAPI scenario: `following_list` must be a list, not {}",
                    type_name(&other)
                ));
            }
        };
        Ok(Self {
            username: get("username", PyVal::str("john")),
            password: get("password", PyVal::str("john123")),
            authenticated: get("authenticated", PyVal::Bool(false)),
            tweets,
            comments: dict_field(scenario, "comments", Vec::new())?,
            retweets: dict_field(scenario, "retweets", Vec::new())?,
            following_list,
            tweet_counter: get("tweet_counter", PyVal::Int(0)),
            default_mentions: Vec::new(),
            sharing_default: Vec::new(),
        })
    }

    fn call(&mut self, name: &str, args: &PyVal) -> Result<PyVal, String> {
        let id = || required("tweet_id");
        let empty = |param| optional(param, PyVal::List(Vec::new()));
        let username = || required("username");
        match name {
            "authenticate_twitter" => {
                let params = [username(), required("password")];
                let [user, password] = bind(args, Self::CLASS, name, params)?;
                Ok(self.authenticate(user, password))
            }
            "posting_get_login_status" => {
                bind(args, Self::CLASS, name, [])?;
                Ok(PyVal::one(
                    "login_status",
                    PyVal::Bool(self.authenticated.truthy()),
                ))
            }
            "post_tweet" => {
                // Python's default `mentions` is one shared list, so tell "left out" apart.
                let mentions = args.get("mentions").cloned();
                let params = [required("content"), empty("tags"), empty("mentions")];
                let [content, tags, _] = bind(args, Self::CLASS, name, params)?;
                self.post_tweet(content, tags, mentions)
            }
            "retweet" => {
                let [tweet] = bind(args, Self::CLASS, name, [id()])?;
                self.retweet(tweet)
            }
            "comment" => {
                let params = [id(), required("comment_content")];
                let [tweet, content] = bind(args, Self::CLASS, name, params)?;
                self.comment(tweet, content)
            }
            "mention" => {
                let params = [id(), required("mentioned_usernames")];
                let [tweet, names] = bind(args, Self::CLASS, name, params)?;
                self.mention(tweet, names)
            }
            "follow_user" | "unfollow_user" => {
                let follow = name == "follow_user";
                let param = if follow {
                    "username_to_follow"
                } else {
                    "username_to_unfollow"
                };
                let [other] = bind(args, Self::CLASS, name, [required(param)])?;
                Ok(self.follow(other, follow))
            }
            "list_all_following" => {
                bind(args, Self::CLASS, name, [])?;
                Ok(if self.authenticated.truthy() {
                    PyVal::one("following_list", PyVal::List(self.following_list.clone()))
                } else {
                    not_authenticated("listing following")
                })
            }
            "get_tweet" => {
                let [tweet] = bind(args, Self::CLASS, name, [id()])?;
                Ok(match position(&self.tweets, &tweet)? {
                    Some(i) => self.tweets[i].1.clone(),
                    None => not_found(&tweet),
                })
            }
            "get_user_tweets" => {
                let [user] = bind(args, Self::CLASS, name, [username()])?;
                Ok(PyVal::List(self.tweets_of(&user)?))
            }
            "search_tweets" => {
                let [keyword] = bind(args, Self::CLASS, name, [required("keyword")])?;
                self.search_tweets(&keyword)
            }
            "get_tweet_comments" => {
                let [tweet] = bind(args, Self::CLASS, name, [id()])?;
                self.get_tweet_comments(&tweet)
            }
            "get_user_stats" => {
                let [user] = bind(args, Self::CLASS, name, [username()])?;
                self.get_user_stats(&user)
            }
            _ => Err(no_method(self, name)),
        }
    }

    fn state(&self) -> PyVal {
        PyVal::dict([
            ("username", self.username.clone()),
            ("password", self.password.clone()),
            ("authenticated", self.authenticated.clone()),
            ("tweets", PyVal::Dict(self.tweets.clone())),
            ("comments", PyVal::Dict(self.comments.clone())),
            ("retweets", PyVal::Dict(self.retweets.clone())),
            ("following_list", PyVal::List(self.following_list.clone())),
            ("tweet_counter", self.tweet_counter.clone()),
        ])
    }
}

#[cfg(test)]
mod tests;
