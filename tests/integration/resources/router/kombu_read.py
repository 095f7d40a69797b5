"""Reads what is in a kombu MongoDB queue, as a Python consumer of the webhook router would.

usage: kombu_read.py MONGODB_URI QUEUE COUNT  -> one JSON line per message
       kombu_read.py MONGODB_URI QUEUE put TEXT -> publishes TEXT as the Python router does
"""
import json
import sys

from kombu import Connection


def main():
    uri, queue = sys.argv[1], sys.argv[2]
    with Connection(uri) as connection:
        simple = connection.SimpleQueue(queue)
        if sys.argv[3] == "put":
            simple.put(sys.argv[4], retry=True)
            return
        for _ in range(int(sys.argv[3])):
            message = simple.get(block=True, timeout=10)
            print(json.dumps({
                "payload": message.payload,
                "body": message.body if isinstance(message.body, str) else message.body.decode("utf-8"),
                "content_type": message.content_type,
                "content_encoding": message.content_encoding,
                "headers": message.headers,
                "delivery_info": {k: message.delivery_info.get(k) for k in ("exchange", "routing_key")},
                "properties": {k: v for k, v in message.properties.items() if k != "delivery_tag"},
                "delivery_tag": message.delivery_tag,
            }))
            message.ack()
        simple.close()


if __name__ == "__main__":
    main()
