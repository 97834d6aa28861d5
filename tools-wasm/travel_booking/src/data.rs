//! The data `long_context.py` adds when a scenario is loaded with `long_context=True`:
//! `CREDIT_CARD_EXTENSION` (22 cards) and `BOOKING_RECORD_EXTENSION` (16 bookings), as JSON in
//! the module's order, printed from bfcl-eval 2026.3.23 with `json.dumps` (one entry a line).

/// `CREDIT_CARD_EXTENSION`: card id -> card.
pub const CREDIT_CARDS: &str = r#"{
  "1234567812345678": {"card_number": "1234567812345678", "expiration_date": "12/25", "cardholder_name": "John Doe", "card_verification_number": 123, "balance": 5000.0},
  "2345678923456789": {"card_number": "2345678923456789", "expiration_date": "11/24", "cardholder_name": "Jane Smith", "card_verification_number": 456, "balance": 7500.0},
  "3456789034567890": {"card_number": "3456789034567890", "expiration_date": "10/23", "cardholder_name": "Robert Johnson", "card_verification_number": 789, "balance": 6200.0},
  "4567890145678901": {"card_number": "4567890145678901", "expiration_date": "09/26", "cardholder_name": "Emily Davis", "card_verification_number": 321, "balance": 8200.0},
  "9978997699789976": {"card_number": "9978997699789976", "expiration_date": "01/30", "cardholder_name": "Cardholder 97", "card_verification_number": 697, "balance": 5850.0},
  "9989997799899989": {"card_number": "9989997799899989", "expiration_date": "02/30", "cardholder_name": "Cardholder 98", "card_verification_number": 698, "balance": 5900.0},
  "9999997899999999": {"card_number": "9999997899999999", "expiration_date": "03/30", "cardholder_name": "Cardholder 99", "card_verification_number": 699, "balance": 5950.0},
  "1000000790000000": {"card_number": "1000000790000000", "expiration_date": "04/30", "cardholder_name": "Cardholder 100", "card_verification_number": 700, "balance": 6000.0},
  "1234567812345674": {"card_number": "1234567812345674", "expiration_date": "12/25", "cardholder_name": "Johnyy Doe Stacks", "card_verification_number": 132, "balance": 5000.0},
  "2345678923456784": {"card_number": "2345678923456784", "expiration_date": "11/24", "cardholder_name": "Jane Hudson", "card_verification_number": 465, "balance": 7500.0},
  "3456789034567894": {"card_number": "3456789034567894", "expiration_date": "10/23", "cardholder_name": "Mitchell Johnson", "card_verification_number": 798, "balance": 6200.0},
  "4567890145678904": {"card_number": "4567890145678904", "expiration_date": "09/26", "cardholder_name": "Emilio Berkeley", "card_verification_number": 312, "balance": 8200.0},
  "9978997699789974": {"card_number": "9978997699789974", "expiration_date": "01/30", "cardholder_name": "Cardholder 397", "card_verification_number": 679, "balance": 5850.0},
  "9989997799899984": {"card_number": "9989997799899984", "expiration_date": "02/30", "cardholder_name": "Cardholder 098", "card_verification_number": 689, "balance": 5900.0},
  "9999997899999994": {"card_number": "9999997899999994", "expiration_date": "03/30", "cardholder_name": "Cardholder 499", "card_verification_number": 696, "balance": 5950.0},
  "1000000790000004": {"card_number": "1000000790000004", "expiration_date": "04/30", "cardholder_name": "Cardholder 4100", "card_verification_number": 712, "balance": 6000.0},
  "1456789034567891": {"card_number": "1456789034567891", "expiration_date": "10/23", "cardholder_name": "Roberto Johnson", "card_verification_number": 798, "balance": 6200.0},
  "1567890145678901": {"card_number": "1567890145678901", "expiration_date": "09/26", "cardholder_name": "Emily Daviston", "card_verification_number": 312, "balance": 8200.0},
  "1978997699789971": {"card_number": "1978997699789971", "expiration_date": "01/30", "cardholder_name": "Cardholder 697", "card_verification_number": 679, "balance": 5850.0},
  "1989997799899981": {"card_number": "1989997799899981", "expiration_date": "02/30", "cardholder_name": "Cardholder 598", "card_verification_number": 689, "balance": 5900.0},
  "1999997899999991": {"card_number": "1999997899999991", "expiration_date": "03/30", "cardholder_name": "Cardholder 499", "card_verification_number": 696, "balance": 5950.0},
  "1000000790000001": {"card_number": "1000000790000004", "expiration_date": "04/30", "cardholder_name": "Cardholder 2100", "card_verification_number": 712, "balance": 6000.0}
}"#;

/// `BOOKING_RECORD_EXTENSION`: booking id -> booking.
pub const BOOKINGS: &str = r#"{
  "booking_901": {"card_id": "1234567812345678", "travel_date": "2024-05-21", "travel_from": "SFO", "travel_to": "JFK", "travel_class": "economy", "travel_cost": 400.0, "transaction_id": "trans_001"},
  "booking_902": {"card_id": "2345678923456789", "travel_date": "2024-06-15", "travel_from": "LAX", "travel_to": "ORD", "travel_class": "business", "travel_cost": 900.0, "transaction_id": "trans_002"},
  "booking_903": {"card_id": "3456789034567890", "travel_date": "2024-07-01", "travel_from": "BOS", "travel_to": "RMS", "travel_class": "first", "travel_cost": 1500.0, "transaction_id": "trans_003"},
  "booking_904": {"card_id": "4567890145678901", "travel_date": "2024-08-21", "travel_from": "SFO", "travel_to": "ORD", "travel_class": "economy", "travel_cost": 380.0, "transaction_id": "trans_004"},
  "booking_997": {"card_id": "9978997699789976", "travel_date": "2024-03-15", "travel_from": "MPC", "travel_to": "WLB", "travel_class": "business", "travel_cost": 900.0, "transaction_id": "trans_097"},
  "booking_998": {"card_id": "9989997799899989", "travel_date": "2024-02-11", "travel_from": "SHD", "travel_to": "SVP", "travel_class": "economy", "travel_cost": 450.0, "transaction_id": "trans_098"},
  "booking_999": {"card_id": "9999997899999999", "travel_date": "2024-01-23", "travel_from": "RMS", "travel_to": "SBK", "travel_class": "first", "travel_cost": 2200.0, "transaction_id": "trans_099"},
  "booking_900": {"card_id": "1000000790000000", "travel_date": "2024-12-05", "travel_from": "SFO", "travel_to": "JFK", "travel_class": "business", "travel_cost": 1300.0, "transaction_id": "trans_100"},
  "booking_401": {"card_id": "1234567812345678", "travel_date": "2024-05-21", "travel_from": "SFO", "travel_to": "JFK", "travel_class": "economy", "travel_cost": 400.0, "transaction_id": "trans_401"},
  "booking_402": {"card_id": "2345678923456789", "travel_date": "2024-06-15", "travel_from": "LAX", "travel_to": "ORD", "travel_class": "business", "travel_cost": 900.0, "transaction_id": "trans_002"},
  "booking_403": {"card_id": "3456789034567890", "travel_date": "2024-07-01", "travel_from": "BOS", "travel_to": "RMS", "travel_class": "first", "travel_cost": 1500.0, "transaction_id": "trans_403"},
  "booking_404": {"card_id": "4567890145678901", "travel_date": "2024-08-21", "travel_from": "SFO", "travel_to": "ORD", "travel_class": "economy", "travel_cost": 380.0, "transaction_id": "trans_404"},
  "booking_497": {"card_id": "9978997699789976", "travel_date": "2024-03-15", "travel_from": "MPC", "travel_to": "WLB", "travel_class": "business", "travel_cost": 900.0, "transaction_id": "trans_497"},
  "booking_498": {"card_id": "9989997799899989", "travel_date": "2024-02-11", "travel_from": "SHD", "travel_to": "SVP", "travel_class": "economy", "travel_cost": 450.0, "transaction_id": "trans_498"},
  "booking_499": {"card_id": "9999997899999999", "travel_date": "2024-01-23", "travel_from": "RMS", "travel_to": "SBK", "travel_class": "first", "travel_cost": 2200.0, "transaction_id": "trans_499"},
  "booking_400": {"card_id": "1000000790000000", "travel_date": "2024-12-05", "travel_from": "SFO", "travel_to": "JFK", "travel_class": "business", "travel_cost": 1300.0, "transaction_id": "trans_400"}
}"#;
