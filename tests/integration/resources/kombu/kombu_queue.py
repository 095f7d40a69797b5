"""The canonical webhook router's side of the queue, with Debian's python3-kombu.

    kombu_queue.py put URI QUEUE TEXT...   publish each TEXT as the router does:
                                           Connection(uri).SimpleQueue(queue).put(text, retry=True)
    kombu_queue.py get URI QUEUE N         consume N messages as a kombu consumer, acknowledging
                                           each, and print one JSON line per message:
                                           {"body", "content_type", "headers", "delivery_tag"}

Run with /usr/bin/python3 (the system interpreter that has the Debian packages).
"""
import json
import sys

from kombu import Connection


def main(argv):
    command, uri, queue = argv[1], argv[2], argv[3]
    with Connection(uri) as connection:
        simple = connection.SimpleQueue(queue)
        if command == "put":
            for text in argv[4:]:
                simple.put(text, retry=True)
        elif command == "get":
            for _ in range(int(argv[4])):
                message = simple.get(block=True, timeout=10)
                body = message.body
                if isinstance(body, bytes):
                    body = body.decode("utf-8")
                print(json.dumps({"body": body, "content_type": message.content_type,
                                  "headers": message.headers, "delivery_tag": message.delivery_tag}))
                message.ack()
        else:
            raise SystemExit("unknown command " + command)
        simple.close()


if __name__ == "__main__":
    main(sys.argv)
