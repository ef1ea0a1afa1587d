"""Replays the shared order-book stream (format: benches/orderbook/stream.mjs) into NautilusTrader's
Python OrderBook (L2_MBP) and prints one JSON line with deltas/s.

The delta objects are built before the clock starts: only OrderBook.apply_delta is timed.
Usage: bench.py <stream.csv> [repeats]
"""

import json
import sys
import time

import nautilus_trader
from nautilus_trader.model.book import OrderBook
from nautilus_trader.model.data import BookOrder, OrderBookDelta
from nautilus_trader.model.enums import BookAction, BookType, OrderSide
from nautilus_trader.model.identifiers import InstrumentId
from nautilus_trader.model.objects import Price, Quantity

ACTIONS = {"ADD": BookAction.ADD, "UPDATE": BookAction.UPDATE, "DELETE": BookAction.DELETE}
SIDES = {"BUY": OrderSide.BUY, "SELL": OrderSide.SELL}


def meta(header: str, key: str) -> int:
    for kv in header.split():
        k, _, v = kv.partition("=")
        if k == key:
            return int(v)
    raise ValueError(f"stream header lacks {key}: {header}")


def main() -> None:
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    instrument_id = InstrumentId.from_str("BTCUSDT.BINANCE")
    with open(path, encoding="utf-8") as f:
        header = f.readline()
        snapshot_rows = meta(header, "snapshot_rows")
        n_deltas = meta(header, "deltas")
        if f.readline().strip() != "action,side,price,size":
            raise ValueError("unexpected column header")
        deltas = []
        for seq, line in enumerate(f):
            action, side, price, size = line.rstrip("\n").split(",")
            order = BookOrder(SIDES[side], Price.from_str(price), Quantity.from_str(size), 0)
            deltas.append(OrderBookDelta(instrument_id, ACTIONS[action], order, 0, seq, 0, 0))
    if len(deltas) != snapshot_rows + n_deltas:
        raise ValueError("row count does not match header")
    snapshot, stream = deltas[:snapshot_rows], deltas[snapshot_rows:]

    best = 0.0
    for _ in range(repeats):
        book = OrderBook(instrument_id, BookType.L2_MBP)
        for d in snapshot:
            book.apply_delta(d)
        apply = book.apply_delta
        start = time.perf_counter()
        for d in stream:
            apply(d)
        secs = time.perf_counter() - start
        best = max(best, len(stream) / secs)
    print(
        f"nautilus_py {nautilus_trader.__version__}: {len(stream)} deltas, "
        f"final best bid {book.best_bid_price()} ask {book.best_ask_price()}",
        file=sys.stderr,
    )
    print(json.dumps({"bench": "orderbook", "name": "peer.nautilus_py.apply_delta", "unit": "deltas/s", "value": round(best)}, separators=(",", ":")))


if __name__ == "__main__":
    main()
