#!/usr/bin/env python3
"""A TCP proxy that delays every byte sent toward the server by a fixed time.

    bench/delay_proxy.py --listen 127.0.0.1:0 --to 127.0.0.1:5432 --delay-ms 50 [--port-file F]

It stands in for the network between escrot and a cloud: each request (each chunk the
client sends) reaches the server `--delay-ms` after it was sent, so every round trip
costs at least that long. Answers flow back undelayed. Chunks are delayed, not the
connection: a pipelined client keeps its requests in flight, as on a real network, and
connections are independent of each other.

With `--listen HOST:0` the proxy picks a free port and prints it on its first line of
standard output (and writes it to `--port-file` when given), then serves until killed.
Only the standard library is used, so any Python 3.8+ runs it.
"""

import argparse
import asyncio
import sys
import time


async def pump(reader, writer, delay):
    """Copies reader to writer; with a delay, each chunk leaves `delay` seconds after it came."""
    queue = asyncio.Queue()

    async def read():
        try:
            while True:
                chunk = await reader.read(65536)
                await queue.put((time.monotonic() + delay, chunk))
                if not chunk:
                    return
        except (ConnectionError, OSError):
            await queue.put((0.0, b""))

    async def write():
        try:
            while True:
                due, chunk = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not chunk:
                    break
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            try:
                writer.close()
            except (ConnectionError, OSError):
                pass

    await asyncio.gather(read(), write())


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", default="127.0.0.1:0", help="HOST:PORT to listen on (port 0: pick one)")
    parser.add_argument("--to", required=True, help="HOST:PORT of the server")
    parser.add_argument("--delay-ms", type=float, default=50.0, help="delay of each request, in milliseconds")
    parser.add_argument("--port-file", help="also write the port chosen to this file")
    args = parser.parse_args()
    listen_host, listen_port = args.listen.rsplit(":", 1)
    to_host, to_port = args.to.rsplit(":", 1)
    delay = args.delay_ms / 1000.0

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(to_host, int(to_port))
        except OSError as e:
            print(f"delay_proxy: cannot reach {args.to}: {e}", file=sys.stderr)
            client_writer.close()
            return
        await asyncio.gather(
            pump(client_reader, server_writer, delay),
            pump(server_reader, client_writer, 0.0),
        )

    server = await asyncio.start_server(handle, listen_host, int(listen_port), backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write(f"{port}\n")
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
