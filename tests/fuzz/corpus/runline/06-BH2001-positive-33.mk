IMAGE ?= registry.example.com/ci/agent:1.4

run: build
	@docker run --rm \
	  --mount type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock $(IMAGE)
