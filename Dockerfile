# LiveBuddy in a container: the self-contained linux-x64 single file (what .ci/run publishes and starts) on the
# smallest .NET base image (native dependencies only: no .NET runtime needed). Build it first, then the image:
#   dotnet publish src/LiveBuddy.Server -p:PublishProfile=linux-x64
#   docker compose up -d            (or: docker build -t livebuddy . && docker run -p 127.0.0.1:5180:5180 -v livebuddy-data:/data livebuddy)
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0

WORKDIR /app
COPY artifacts/linux-x64/LiveBuddy.Server /app/LiveBuddy.Server
# The data folder is the volume; the bundle unpacks its config, overlay pages and models into /tmp on first start.
RUN mkdir -p /data && chown app /data
USER app

# Listen on every interface inside the container; publish the port on 127.0.0.1 only (see compose.yaml).
ENV Urls=http://0.0.0.0:5180 \
    Storage__Path=/data \
    DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp
VOLUME /data
EXPOSE 5180
# The start-up banner leaves the keys out of `docker logs`: docker compose exec livebuddy /app/LiveBuddy.Server keys
ENTRYPOINT ["/app/LiveBuddy.Server"]
